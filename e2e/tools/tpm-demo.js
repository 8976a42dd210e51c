// A device maker's walk-through of hardware-rooted attestation (scripts/tpm-demo.sh), against a
// running dev chain, with a software TPM (swtpm) standing in for the device's TPM 2.0 chip:
//   1. the TPM is manufactured like a vendor's (swtpm_setup --create-ek-cert: EKs whose
//      certificates swtpm_localca's CA issues into the TPM's NV), then creates an attestation key
//      (AK, ECC P-256, restricted);
//   2. the factory: Acme endorses the AK; the owner (//Alice) registers it as a P-256 device of
//      Acme's TPM model with a registration proof the TPM signs (TPM2_Hash ticket + TPM2_Sign);
//   3. Acme publishes a release and its PCR policy (PCRs 0, 4, 7 and their expected digest), which
//      makes the model a TPM model: self-reported evidence signed by the AK is refused;
//   4. the device boots: the firmware, boot loader and configuration are measured into the PCRs;
//   5. the chain's nonce (a recent block) goes into TPM2_Quote; a relayer submits the quote;
//   6. the device reboots into firmware Acme never published: its quote is recorded untrusted;
//   7. certificates (spec §12): the TPM's EK certificate is read from its NV, Root registers the
//      vendor's (swtpm_localca's) root as a global anchor; Acme's CA (OpenSSL) certifies the AK
//      with an IAK certificate
//      naming the EK certificate's serial (hardwareModuleName), Acme registers its CA; //Alice
//      attaches both chains: the AK is certified and bound to a genuine TPM of that vendor;
//   8. the device boots the published firmware again: Trusted, and certified;
//   9. Acme revokes the IAK certificate: the device is Untrusted { CertificateRevoked } at once.
// Prints each step and the chain's verdict; exits 1 if a verdict is not the expected one.
//
// Usage: node tools/tpm-demo.js [--endpoint ws://…]
import { parseArgs } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { u8aToHex } from '@polkadot/util';
import { randomAsHex } from '@polkadot/util-crypto';
import { connect, devAccounts, eventsOf, iotRpc, submit, submitSudo } from '@iot-chain/client/chain';
import { deviceId } from '@iot-chain/client/device';
import { ACME, ACME_TPM, acmeEndorser, ensureAcmeTpmModel, evidenceFor, recentBlock, registerDevice, signedEvidence } from '../lib/fleet.js';
import { EK_CERT_NV_ECC, SoftwareTpm, pcrPolicy, quoteNonce, tpmToolsMissing } from '../lib/tpm.js';
import { anchorId, issuerAndSerial, makeCa, serialRevocation } from '../lib/certificates.js';

const { values: args } = parseArgs({ options: { endpoint: { type: 'string' } } });
if (args.endpoint) process.env.IOT_WS = args.endpoint;
const missing = tpmToolsMissing();
if (missing) {
  console.error(`error: ${missing}`);
  process.exit(1);
}

const PCRS = [0, 4, 7];
const GOOD = ['demo firmware 1.4.0', 'demo bootloader 2.0', 'demo configuration'];
const BAD = ['demo firmware 1.4.0 (modified)', 'demo bootloader 2.0', 'demo configuration'];
const say = (step, text) => console.log(`\n[${step}] ${text}`);

const api = await connect();
const { alice, keyring } = devAccounts();
const acme = keyring.addFromUri(ACME.uri);
const relayer = keyring.addFromUri('//Bob');
const caDir = mkdtempSync(join(tmpdir(), 'iot-cert-demo-'));
const vendor = await SoftwareTpm.manufacture(mkdtempSync(join(caDir, 'vendor-')));
const { tpm } = vendor;
let failed = false;
const expect = (what, ok) => {
  if (!ok) {
    console.error(`    error: expected ${what}`);
    failed = true;
  }
};
try {
  say(1, 'TPM: manufactured with EK certificates (swtpm_setup --create-ek-cert), then an AK (tpm2_createak -G ecc -s ecdsa, persistent at 0x81010002)');
  const ak = tpm.provision();
  const id = deviceId(tpm.device());
  console.log(`    AK (compressed P-256): ${u8aToHex(ak)}\n    device id: ${id}`);

  say(2, 'Factory endorsement by Acme; registration by //Alice with a TPM-signed proof');
  const endorser = await acmeEndorser(api, alice);
  await ensureAcmeTpmModel(api);
  await registerDevice(api, alice, tpm.device(), acme.address, ACME_TPM.model, 'TPM demo device', endorser);
  const device = (await api.query.deviceRegistry.devices(id)).unwrap();
  console.log(`    registered: endorsed=${device.endorsed.isTrue}, key=${device.key.type}`);

  say(3, 'Acme publishes a release and its PCR policy');
  const release = randomAsHex(32);
  const securityVersion = (await api.query.firmwareAttestation.latestSecurityVersion(acme.address, ACME_TPM.model)).toNumber();
  await submit(api, api.tx.firmwareAttestation.publishRelease(ACME_TPM.model, release, '1.4.0', securityVersion), acme, { finalized: false });
  const policy = pcrPolicy(PCRS, GOOD);
  await submit(api, api.tx.firmwareAttestation.setReleaseMeasurement(ACME_TPM.model, release, policy), acme, { finalized: false });
  console.log(`    release ${release}\n    PCRs sha256:${PCRS.join(',')} → expected digest ${policy.digest}`);
  const reported = signedEvidence(api.genesisHash.toHex(), tpm.device(), evidenceFor(id, await recentBlock(api), { firmwareDigest: release, securityVersion }));
  const refusal = await submit(api, api.tx.firmwareAttestation.submitAttestation(...reported), relayer, { finalized: false }).then(() => 'accepted', (error) => error.message);
  console.log(`    the AK signs self-reported evidence of that release instead of quoting: ${refusal}`);
  expect('firmwareAttestation.QuoteRequired', refusal === 'firmwareAttestation.QuoteRequired');

  const attest = async (step, boot, counter, want) => {
    PCRS.forEach((pcr, i) => tpm.extend(pcr, boot[i]));
    console.log(`    measured into PCRs ${PCRS.join(', ')}: ${boot.map((m) => JSON.stringify(m)).join(', ')}`);
    const recent = await recentBlock(api);
    const nonce = quoteNonce(api.genesisHash.toHex(), id, recent.number, recent.hash, counter);
    const { quote, signature } = tpm.quote(nonce, PCRS);
    say(step + 1, 'TPM2_Quote over the chain\'s nonce; a relayer (//Bob) submits it');
    console.log(`    tpm2_quote over nonce ${u8aToHex(nonce)} (block #${recent.number}, counter ${counter}): ${quote.length} bytes`);
    const { events } = await submit(api, api.tx.firmwareAttestation.submitTpmQuote(id, u8aToHex(quote), { P256: u8aToHex(signature) }, recent.number, recent.hash, counter, null), relayer, { finalized: false });
    const [attested] = eventsOf(events, 'firmwareAttestation', 'Attested');
    const status = (await api.call.firmwareAttestationApi.trustStatus(id)).toHuman();
    const verdict = JSON.stringify(attested.data.verdict.toHuman());
    console.log(`    chain's verdict: ${verdict}; trust status now: ${JSON.stringify(status)}`);
    expect(want, verdict.includes(want));
  };
  say(4, 'The device boots the published firmware');
  await attest(4, GOOD, 1, 'Trusted');
  say(6, 'The device reboots into modified firmware');
  await tpm.reboot();
  await attest(6, BAD, 2, 'UnknownMeasurement');

  say(8, 'Certificates: the TPM\'s EK certificate (its vendor\'s CA, a global anchor); Acme\'s CA certifies the AK as an IAK bound to that EK');
  const hex = (bytes) => u8aToHex(bytes);
  const ekCert = tpm.nvCertificate(EK_CERT_NV_ECC);
  const ekSerial = Buffer.from(issuerAndSerial(ekCert).serial).toString('hex');
  await submitSudo(api, api.tx.deviceRegistry.registerTrustAnchor(hex(vendor.root)), alice);
  const vendorAnchor = anchorId(null, vendor.root);
  const oem = makeCa(mkdtempSync(join(caDir, 'oem-')), 'Acme Sensors');
  const iakCert = oem.issue(readFileSync(tpm.file('ak.pem'), 'utf8'), Date.now() % 1_000_000_000, { hardwareModuleSerial: ekSerial });
  await submit(api, api.tx.deviceRegistry.registerOemAnchor(hex(oem.root)), acme, { finalized: false });
  const oemAnchor = anchorId(acme.address, oem.root);
  const accepted = (await api.call.certificatesApi.modelAnchors(acme.address, ACME_TPM.model)).map((a) => a.toHex());
  await submit(api, api.tx.deviceRegistry.setModelAnchors(ACME_TPM.model, [...accepted.slice(-6), oemAnchor, vendorAnchor]), acme, { finalized: false });
  console.log(`    EK certificate (NV ${EK_CERT_NV_ECC}, ${ekCert.length} bytes) serial ${ekSerial} (vendor anchor ${vendorAnchor})\n    IAK certificate: ${iakCert.length} bytes (Acme anchor ${oemAnchor})`);
  const chains = {
    device: { anchor: oemAnchor, certificates: [hex(iakCert), hex(oem.intermediate)] },
    tpm: { anchor: vendorAnchor, certificates: [hex(ekCert), hex(vendor.intermediate)] },
  };
  await submit(api, api.tx.deviceRegistry.attachCertificates(id, chains), alice, { finalized: false });
  const certification = (await api.call.certificatesApi.certification(id)).toJSON();
  console.log(`    //Alice attached the chains: ${JSON.stringify(certification)}`);
  expect('Certified, bound to the vendor\'s TPM', certification.certified?.tpmAnchor === vendorAnchor);

  say(9, 'The device boots the published firmware again');
  await tpm.reboot();
  await attest(9, GOOD, 3, 'Trusted');
  const certified = await iotRpc(api, 'iot_trustStatus', [id]);
  console.log(`    iot_trustStatus: ${JSON.stringify(certified)}`);
  expect('Trusted by a TPM quote, Certified', certified.status === 'Trusted' && certified.evidence === 'TpmQuote' && certified.identity === 'Certified');

  say(11, 'Acme revokes the IAK certificate (issuer and serial)');
  await submit(api, api.tx.deviceRegistry.revokeCertificate(oemAnchor, serialRevocation(iakCert)), acme, { finalized: false });
  const now = await iotRpc(api, 'iot_trustStatus', [id]);
  console.log(`    trust status at once: ${JSON.stringify(now)}`);
  expect('Untrusted { CertificateRevoked }', now.status === 'Untrusted' && now.reason === 'CertificateRevoked');
} finally {
  rmSync(caDir, { recursive: true, force: true });
  await tpm.stop();
  await api.disconnect();
}
console.log(failed ? '\nTPM demo FAILED' : '\nTPM demo passed: the chain trusted the measured release, flagged the modified firmware, certified the AK as bound to the vendor\'s TPM and revoked it at once.');
process.exit(failed ? 1 : 0);
