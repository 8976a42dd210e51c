// Hardware-rooted attestation end to end (spec §10): a software TPM (swtpm, started here on
// loopback) driven by tpm2-tools creates its EK and an attestation key; the AK is registered as a
// P-256 device of Acme's TPM model with a TPM-made proof and Acme's factory endorsement; Acme
// publishes a release with its PCR policy (which makes the model a TPM model: quotes only); the TPM measures "firmware" into PCRs 0, 4, 7 and quotes them over the nonce of
// a recent block. Every signature checked here was made by a TPM; JS only converts formats.
// Runs last: its stale-quote case needs a chain older than the freshness window.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { u8aToHex } from '@polkadot/util';
import { randomAsHex } from '@polkadot/util-crypto';
import { connect, devAccounts, eventsOf, iotRpc, submit } from '@iot-chain/client/chain';
import { deviceId } from '@iot-chain/client/device';
import { ACME, ACME_TPM, acmeEndorser, ensureAcmeTpmModel, evidenceFor, recentBlock, registerDevice, signedEvidence } from '../lib/fleet.js';
import { SoftwareTpm, bootDigest, pcrDigest, pcrPolicy, quoteNonce, tpmToolsMissing } from '../lib/tpm.js';

const PCRS = [0, 4, 7];
const FIRMWARE = ['iot-tpm firmware 3.1.0', 'iot-tpm bootloader 1.2', 'iot-tpm configuration: production'];
const OTHER_FIRMWARE = ['iot-tpm firmware 3.1.0-patched', 'iot-tpm bootloader 1.2', 'iot-tpm configuration: production'];
const inBlock = { finalized: false };

describe('TPM 2.0 quotes verified on chain (swtpm + tpm2-tools)', { skip: tpmToolsMissing() ?? false }, () => {
  let api;
  let genesis;
  const { keyring, alice, bob, charlie, dave } = devAccounts();
  const relayers = [charlie, dave, keyring.addFromUri('//Eve'), keyring.addFromUri('//Ferdie'), alice];
  const acme = keyring.addFromUri(ACME.uri);
  const release = randomAsHex(32);
  let tpm;
  let otherTpm;
  let id;
  let lastResetCount;

  /** Boots `measurements` into the TPM's PCRs (after a reboot: PCRs start at zero). */
  const boot = (measurements) => PCRS.forEach((pcr, i) => tpm.extend(pcr, measurements[i]));

  /** A quote by `quoter` over the nonce of `recent` and `counter`, as `submit_tpm_quote` args. */
  function quoteArgs(quoter, recent, counter, submittedCounter = counter) {
    const { quote, signature } = quoter.quote(quoteNonce(genesis, id, recent.number, recent.hash, counter), PCRS);
    return { quote, signature, args: (q = quote, s = signature) => [id, u8aToHex(q), { P256: u8aToHex(s) }, recent.number, recent.hash, submittedCounter, null] };
  }

  const submitQuote = (args, signer = charlie) => submit(api, api.tx.firmwareAttestation.submitTpmQuote(...args), signer, inBlock);

  before(async () => {
    api = await connect();
    genesis = api.genesisHash.toHex();
    [tpm, otherTpm] = await Promise.all([SoftwareTpm.start(), SoftwareTpm.start()]);
    tpm.provision();
    otherTpm.provision();
    id = deviceId(tpm.device());
    await ensureAcmeTpmModel(api);
    const securityVersion = (await api.query.firmwareAttestation.latestSecurityVersion(acme.address, ACME_TPM.model)).toNumber();
    const policy = pcrPolicy(PCRS, FIRMWARE);
    await Promise.all([
      // The factory: Acme's endorsement of the AK; the owner registers it with a TPM-made proof.
      acmeEndorser(api, alice).then((endorser) => registerDevice(api, bob, tpm.device(), acme.address, ACME_TPM.model, 'swtpm device', endorser)),
      // The manufacturer: the release and the PCR digest a device running it measures.
      submit(api, api.tx.firmwareAttestation.publishRelease(ACME_TPM.model, release, '3.1.0', securityVersion), acme, inBlock).then(() =>
        submit(api, api.tx.firmwareAttestation.setReleaseMeasurement(ACME_TPM.model, release, policy), acme, inBlock),
      ),
    ]);
    boot(FIRMWARE);
  });

  after(async () => {
    await Promise.all([tpm?.stop(), otherTpm?.stop()]);
    await api?.disconnect();
  });

  it('stores the release measurement and the TPM-registered, endorsed device', async () => {
    const measurement = (await api.query.firmwareAttestation.releaseMeasurements(acme.address, ACME_TPM.model, release)).unwrap();
    assert.equal(measurement.policy.digest.toHex(), u8aToHex(bootDigest(FIRMWARE)));
    assert.equal(measurement.deposit.toBigInt(), api.consts.firmwareAttestation.measurementDeposit.toBigInt());
    const device = (await api.query.deviceRegistry.devices(id)).unwrap();
    assert.equal(device.endorsed.isTrue, true);
    assert.equal(device.key.asP256.toHex(), u8aToHex(tpm.publicKey));
    // JS's PCR arithmetic matches the TPM's own values.
    assert.equal(u8aToHex(pcrDigest(tpm.readPcrs(PCRS))), u8aToHex(bootDigest(FIRMWARE)));
  });

  let first;
  let firstRecent;
  it('a quote of the measured firmware is Trusted (events, api.call, iot_trustStatus), fee-free', async () => {
    firstRecent = await recentBlock(api);
    first = quoteArgs(tpm, firstRecent, 1);
    const { events } = await submitQuote(first.args());
    const [attested] = eventsOf(events, 'firmwareAttestation', 'Attested');
    assert.equal(attested.data.device.toHex(), id);
    assert.equal(attested.data.firmwareDigest.toHex(), release);
    assert.equal(attested.data.verdict.isTrusted, true);
    const [paid] = eventsOf(events, 'transactionPayment', 'TransactionFeePaid');
    assert.equal(paid.data.actualFee.toBigInt(), 0n, 'a trusted quote of an endorsed TPM is free');
    const viaApi = await api.call.firmwareAttestationApi.trustStatus(id);
    assert.equal(viaApi.isTrusted, true);
    assert.equal(viaApi.asTrusted.digest.toHex(), release);
    const viaRpc = await iotRpc(api, 'iot_trustStatus', [id]);
    assert.equal(viaRpc.status, 'Trusted');
    assert.equal(viaRpc.digest, release);
    assert.equal(viaRpc.evidence, 'TpmQuote');
    assert.equal(viaRpc.identity, 'Endorsed');
    assert.equal(viaApi.asTrusted.evidence.isTpmQuote, true);
    const clock = (await api.query.firmwareAttestation.tpmClocks(id)).unwrap();
    lastResetCount = clock.resetCount.toNumber();
    assert.equal(clock.safe.isTrue, true);
  });

  it('refuses a replay, a second TPM, a flipped PCR digest, a non-quote and a wrong nonce, in one block', async () => {
    const recent = await recentBlock(api);
    const fromOtherTpm = quoteArgs(otherTpm, recent, 2);
    const flipped = quoteArgs(tpm, recent, 3);
    const tampered = flipped.quote.slice();
    tampered[tampered.length - 1] ^= 1; // the last byte of the PCR digest
    const timeAttestation = tpm.timeAttestation(quoteNonce(genesis, id, recent.number, recent.hash, 4));
    const wrongCounter = quoteArgs(tpm, recent, 5, 6);
    const cases = [
      [first.args(), 'firmwareAttestation.Replay'],
      [fromOtherTpm.args(), 'firmwareAttestation.BadSignature'],
      [flipped.args(tampered), 'firmwareAttestation.BadSignature'],
      [[id, u8aToHex(timeAttestation.quote), { P256: u8aToHex(timeAttestation.signature) }, recent.number, recent.hash, 4, null], 'firmwareAttestation.NotAQuote'],
      [wrongCounter.args(), 'firmwareAttestation.NonceMismatch'],
    ];
    await Promise.all(cases.map(([args, message], i) => assert.rejects(submitQuote(args, relayers[i]), { message })));
    assert.equal((await api.query.firmwareAttestation.counters(id)).lastCounter.toNumber(), 1, 'nothing changed');
  });

  it('refuses the AK\'s self-reported evidence (signed through a TPM2_Hash ticket) with QuoteRequired', async () => {
    // What compromised firmware could do instead of quoting: report the published digest and
    // have the AK sign it. A TPM model's devices attest by quotes only.
    const evidence = evidenceFor(id, await recentBlock(api), { firmwareDigest: release, securityVersion: (await api.query.firmwareAttestation.latestSecurityVersion(acme.address, ACME_TPM.model)).toNumber(), counter: 9 });
    const args = signedEvidence(genesis, tpm.device(), evidence);
    await assert.rejects(submit(api, api.tx.firmwareAttestation.submitAttestation(...args), charlie, inBlock), { message: 'firmwareAttestation.QuoteRequired' });
    assert.equal((await api.query.firmwareAttestation.counters(id)).lastCounter.toNumber(), 1, 'nothing changed');
    assert.equal((await api.query.firmwareAttestation.attestations(id)).unwrap().evidence.isTpmQuote, true);
  });

  it('accepts a quote after a TPM reboot and records the reboot', async () => {
    await tpm.reboot();
    boot(FIRMWARE);
    const { events } = await submitQuote(quoteArgs(tpm, await recentBlock(api), 2).args());
    const [rebooted] = eventsOf(events, 'firmwareAttestation', 'TpmRebooted');
    assert.equal(rebooted.data.device.toHex(), id);
    assert.equal(rebooted.data.resetCount.toNumber(), lastResetCount + 1);
    assert.equal(rebooted.data.restartCount.toNumber(), 0);
    assert.equal(eventsOf(events, 'firmwareAttestation', 'Attested')[0].data.verdict.isTrusted, true);
    assert.equal((await api.query.firmwareAttestation.tpmClocks(id)).unwrap().resetCount.toNumber(), lastResetCount + 1);
  });

  it('records other measured firmware as Untrusted { UnknownMeasurement }', async () => {
    await tpm.reboot();
    boot(OTHER_FIRMWARE);
    const { events } = await submitQuote(quoteArgs(tpm, await recentBlock(api), 3).args());
    const [attested] = eventsOf(events, 'firmwareAttestation', 'Attested');
    assert.equal(attested.data.verdict.asUntrusted.reason.isUnknownMeasurement, true);
    assert.equal(attested.data.firmwareDigest.toHex(), u8aToHex(bootDigest(OTHER_FIRMWARE)), 'the record keeps the measured digest');
    const viaApi = await api.call.firmwareAttestationApi.trustStatus(id);
    assert.equal(viaApi.asUntrusted.reason.isUnknownMeasurement, true);
    assert.deepEqual(await iotRpc(api, 'iot_trustStatus', [id]), { status: 'Untrusted', reason: 'UnknownMeasurement' });
  });

  it('refuses a quote over a block older than the freshness window with StaleEvidence', async (t) => {
    const window = api.consts.firmwareAttestation.freshnessWindow.toNumber();
    // The dev chain started with the suite; wait (rarely) until a block beyond the window exists.
    const started = Date.now();
    while ((await recentBlock(api)).number <= window + 1) await new Promise((r) => setTimeout(r, 2000));
    t.diagnostic(`waited ${((Date.now() - started) / 1000).toFixed(0)} s for a block older than the ${window}-block window`);
    const hash = (await api.rpc.chain.getBlockHash(1)).toHex();
    await assert.rejects(submitQuote(quoteArgs(tpm, { number: 1, hash }, 4).args()), { message: 'firmwareAttestation.StaleEvidence' });
  });
});
