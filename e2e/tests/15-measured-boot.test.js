// Measured boot end to end (spec §13): a software TPM (swtpm, tpm2-tools) is extended with the
// events of a UEFI boot log that JS writes (firmware version, Secure Boot, shim, GRUB, a kernel,
// separators), quotes PCRs 0, 4 and 7, and the quote goes to the chain with the log. The chain
// replays the log against the quote's PCR digest and judges it by the release's boot policy
// (shim, GRUB, one of two kernels, Secure Boot on): a boot of the second kernel counts as the
// release though no measurement names its PCR digest, an unapproved kernel is named with its
// event and digest. Every signature is the TPM's; the log is JS's, replayed by the chain's Rust.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { u8aToHex, stringToU8a } from '@polkadot/util';
import { randomAsHex } from '@polkadot/util-crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { connect, devAccounts, eventsOf, iotRpc, submit } from '@iot-chain/client/chain';
import { deviceId } from '@iot-chain/client/device';
import { ACME, ACME_TPM, acmeEndorser, ensureAcmeTpmModel, recentBlock, registerDevice } from '../lib/fleet.js';
import { EV, EventLogWriter } from '../lib/eventlog.js';
import { SoftwareTpm, bootQuoteNonce, pcrDigest, quoteNonce, tpmToolsMissing } from '../lib/tpm.js';

const PCRS = [0, 4, 7];
const SHIM = sha256(stringToU8a('shimx64.efi 15.8, signed by the UEFI CA'));
const GRUB = sha256(stringToU8a('grubx64.efi 2.12, signed by Acme'));
const KERNEL = sha256(stringToU8a('vmlinuz 6.12.1, signed by Acme'));
const KERNEL_NEXT = sha256(stringToU8a('vmlinuz 6.12.2, signed by Acme'));
const ROGUE = sha256(stringToU8a('vmlinuz 6.12.1, rebuilt by an attacker'));
const inBlock = { finalized: false };

/** The event log of a UEFI boot of `kernel` (events 0–7; the kernel is event 4). */
function bootLog(kernel) {
  const log = new EventLogWriter();
  log.measure(0, EV.S_CRTM_VERSION, 'Acme gateway firmware 2.4').secureBoot(true);
  for (const [app, path] of [[SHIM, '\\EFI\\BOOT\\BOOTX64.EFI'], [GRUB, '\\EFI\\acme\\grubx64.efi'], [kernel, '\\vmlinuz']]) {
    log.extend(4, EV.EFI_BOOT_SERVICES_APPLICATION, app, stringToU8a(path));
  }
  for (const pcr of PCRS) log.measure(pcr, EV.SEPARATOR, new Uint8Array(4));
  return log;
}

/** What a quote of PCRs 0, 4, 7 after `log`'s boot carries as its PCR digest. */
const composite = (log) => pcrDigest(PCRS.map((pcr) => log.pcr(pcr)));

const component = (name, digests) => ({ name, pcr: 4, eventType: EV.EFI_BOOT_SERVICES_APPLICATION, digests: digests.map((digest) => u8aToHex(digest)), required: true });

describe('Measured boot: event logs replayed and judged on chain (swtpm + tpm2-tools)', { skip: tpmToolsMissing() ?? false }, () => {
  let api;
  let genesis;
  const { keyring, alice, bob, charlie, dave } = devAccounts();
  const acme = keyring.addFromUri(ACME.uri);
  const release = randomAsHex(32);
  const policy = {
    components: [component('shim', [SHIM]), component('grub', [GRUB]), component('kernel', [KERNEL, KERNEL_NEXT])],
    allowUnknownApplications: false,
    requireSecureBoot: true,
  };
  let tpm;
  let id;
  let counter = 0;

  /** Reboots the TPM into `log`'s boot (the firmware extends each event). */
  async function boot(log) {
    await tpm.reboot();
    log.replayInto(tpm);
  }

  /** `submit_tpm_quote` of the TPM's current boot, with `log` as boot evidence (or none). */
  async function quote(log, signer = charlie) {
    counter += 1;
    const recent = await recentBlock(api);
    // With boot evidence, the nonce binds the claimed release: the TPM signs the claim too.
    const nonce = log ? bootQuoteNonce(genesis, id, recent.number, recent.hash, counter, release) : quoteNonce(genesis, id, recent.number, recent.hash, counter);
    const { quote: bytes, signature } = tpm.quote(nonce, PCRS);
    const evidence = log ? { release, eventLog: u8aToHex(log.bytes()) } : null;
    const tx = api.tx.firmwareAttestation.submitTpmQuote(id, u8aToHex(bytes), { P256: u8aToHex(signature) }, recent.number, recent.hash, counter, evidence);
    return submit(api, tx, signer, inBlock);
  }

  before(async () => {
    api = await connect();
    genesis = api.genesisHash.toHex();
    tpm = await SoftwareTpm.start();
    tpm.provision();
    id = deviceId(tpm.device());
    await ensureAcmeTpmModel(api);
    const securityVersion = (await api.query.firmwareAttestation.latestSecurityVersion(acme.address, ACME_TPM.model)).toNumber();
    const measurement = { selection: [{ hashAlg: 0x000b, pcrs: 0b1001_0001 }], digest: u8aToHex(composite(bootLog(KERNEL))) };
    await Promise.all([
      acmeEndorser(api, alice).then((endorser) => registerDevice(api, bob, tpm.device(), acme.address, ACME_TPM.model, 'measured gateway', endorser)),
      submit(api, api.tx.firmwareAttestation.publishRelease(ACME_TPM.model, release, '2.4.0', securityVersion), acme, inBlock)
        .then(() => submit(api, api.tx.firmwareAttestation.setReleaseMeasurement(ACME_TPM.model, release, measurement), acme, inBlock))
        .then(() => submit(api, api.tx.firmwareAttestation.setBootPolicy(ACME_TPM.model, release, policy), acme, inBlock)),
    ]);
    await boot(bootLog(KERNEL));
  });

  after(async () => {
    await tpm?.stop();
    await api?.disconnect();
  });

  it('the JS-written log and the TPM agree; the boot policy is stored with its deposit', async () => {
    const log = bootLog(KERNEL);
    assert.deepEqual(tpm.readPcrs(PCRS).map((value) => u8aToHex(value)), PCRS.map((pcr) => u8aToHex(log.pcr(pcr))));
    const stored = (await api.query.firmwareAttestation.bootPolicies(acme.address, ACME_TPM.model, release)).unwrap();
    assert.equal(stored.deposit.toBigInt(), api.consts.firmwareAttestation.bootPolicyDeposit.toBigInt());
    const viaApi = (await api.call.measuredBootApi.bootPolicy(acme.address, ACME_TPM.model, release)).unwrap();
    assert.deepEqual(viaApi.components.map((c) => c.name.toUtf8()), ['shim', 'grub', 'kernel']);
    assert.equal(viaApi.components[2].digests.map((d) => d.toHex()).join(), [KERNEL, KERNEL_NEXT].map((digest) => u8aToHex(digest)).join());
    assert.equal(viaApi.requireSecureBoot.isTrue, true);
  });

  it('refuses the first quote of a boot without its log, and with another boot\'s log', async () => {
    await Promise.all([
      assert.rejects(quote(null), { message: 'firmwareAttestation.EventLogRequired' }),
      assert.rejects(quote(bootLog(ROGUE), dave), { message: 'firmwareAttestation.EventLogMismatch' }),
    ]);
    assert.equal((await api.query.firmwareAttestation.verifiedBoots(id)).isNone, true, 'nothing recorded');
  });

  it('with its log, the boot is Trusted and BootVerified names shim, GRUB and the kernel', async () => {
    const { events } = await quote(bootLog(KERNEL));
    const [verified] = eventsOf(events, 'firmwareAttestation', 'BootVerified');
    assert.equal(verified.data.device.toHex(), id);
    assert.equal(verified.data.eventCount.toNumber(), 8);
    const named = verified.data.components.map((c) => [c.name.toUtf8(), c.index.toNumber(), c.digest.toHex()]);
    assert.deepEqual(named, [['shim', 2, u8aToHex(SHIM)], ['grub', 3, u8aToHex(GRUB)], ['kernel', 4, u8aToHex(KERNEL)]]);
    const [attested] = eventsOf(events, 'firmwareAttestation', 'Attested');
    assert.equal(attested.data.verdict.isTrusted, true);
    assert.equal(attested.data.firmwareDigest.toHex(), release);
    const record = (await api.call.measuredBootApi.lastVerifiedBoot(id)).unwrap();
    assert.equal(record.eventCount.toNumber(), 8);
    assert.equal(record.secureBoot.unwrap().isTrue, true);
    assert.equal(record.release.unwrap().toHex(), release);
    assert.equal(record.pcrDigest.toHex(), u8aToHex(composite(bootLog(KERNEL))));
    assert.equal(record.violation.isNone, true);
    const viaRpc = await iotRpc(api, 'iot_lastVerifiedBoot', [id]);
    assert.deepEqual(viaRpc.components.map((c) => c.name), ['shim', 'grub', 'kernel']);
    assert.equal(viaRpc.release, release);
    assert.equal(viaRpc.secureBoot, true);
    assert.equal(viaRpc.violation, null);
  });

  it('later quotes of the same boot need no log', async () => {
    const { events } = await quote(null);
    assert.equal(eventsOf(events, 'firmwareAttestation', 'Attested')[0].data.verdict.isTrusted, true);
    assert.equal(eventsOf(events, 'firmwareAttestation', 'BootVerified').length, 0);
  });

  it('a boot of the second approved kernel counts as the release, though no measurement names its PCR digest', async () => {
    await boot(bootLog(KERNEL_NEXT));
    const { events } = await quote(bootLog(KERNEL_NEXT));
    const [attested] = eventsOf(events, 'firmwareAttestation', 'Attested');
    assert.equal(attested.data.verdict.isTrusted, true);
    assert.equal(attested.data.firmwareDigest.toHex(), release);
    const [verified] = eventsOf(events, 'firmwareAttestation', 'BootVerified');
    assert.equal(verified.data.components[2].digest.toHex(), u8aToHex(KERNEL_NEXT));
  });

  it('a boot of an unapproved kernel is Untrusted { BootPolicyViolation }, naming its event and digest', async () => {
    await boot(bootLog(ROGUE));
    const { events } = await quote(bootLog(ROGUE));
    const [violated] = eventsOf(events, 'firmwareAttestation', 'BootPolicyViolated');
    assert.equal(violated.data.violation.isUnknownApplication, true);
    assert.equal(violated.data.violation.asUnknownApplication.index.toNumber(), 4);
    assert.equal(violated.data.violation.asUnknownApplication.digest.toHex(), u8aToHex(ROGUE));
    const status = await api.call.firmwareAttestationApi.trustStatus(id);
    assert.equal(status.asUntrusted.reason.isBootPolicyViolation, true);
    assert.deepEqual(await iotRpc(api, 'iot_trustStatus', [id]), { status: 'Untrusted', reason: 'BootPolicyViolation' });
    const record = (await api.call.measuredBootApi.lastVerifiedBoot(id)).unwrap();
    assert.equal(record.violation.unwrap().isUnknownApplication, true);
    const viaRpc = await iotRpc(api, 'iot_lastVerifiedBoot', [id]);
    assert.deepEqual(viaRpc.violation, { kind: 'UnknownApplication', index: 4, digest: u8aToHex(ROGUE) });
  });

  it('the manufacturer removes the boot policy and gets its deposit back; a stranger cannot', async () => {
    await assert.rejects(submit(api, api.tx.firmwareAttestation.removeBootPolicy(ACME_TPM.model, release), dave, inBlock), {
      message: 'firmwareAttestation.UnknownModel',
    });
    const held = async () => (await api.query.balances.holds(acme.address)).reduce((sum, hold) => sum + hold.amount.toBigInt(), 0n);
    const before = await held();
    const { events } = await submit(api, api.tx.firmwareAttestation.removeBootPolicy(ACME_TPM.model, release), acme, inBlock);
    const [removed] = eventsOf(events, 'firmwareAttestation', 'BootPolicyRemoved');
    assert.equal(removed.data.digest.toHex(), release);
    assert.equal(before - (await held()), api.consts.firmwareAttestation.bootPolicyDeposit.toBigInt());
    assert.equal((await api.query.firmwareAttestation.bootPolicies(acme.address, ACME_TPM.model, release)).isNone, true);
  });
});
