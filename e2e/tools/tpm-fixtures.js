// Regenerates primitives/fixtures/tpm/: real quotes of a software TPM (swtpm) for the Rust unit
// tests, made for the parameters of pallet-firmware-attestation's mock chain (genesis hash
// 0x45…45, 8-byte block numbers, block n's hash 0xb10c0000 + n). Run with swtpm and tpm2-tools on
// PATH (scripts/setup.sh installs them; `source scripts/lib.sh && use_tpm_tools`):
//   node e2e/tools/tpm-fixtures.js
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { deviceId } from '@iot-chain/client/device';
import { SoftwareTpm, pcrDigest, quoteNonce } from '../lib/tpm.js';

/** The PCRs and the boot measurements a device running the fixture's release extends into them. */
const FIXTURE_PCRS = [0, 4, 7];
const FIXTURE_MEASUREMENTS = ['firmware 1.0.0', 'bootloader 2.1', 'configuration A'];

const out = fileURLToPath(new URL('../../primitives/fixtures/tpm/', import.meta.url));
await cryptoWaitReady();
mkdirSync(out, { recursive: true });
const mockHash = (n) => `0x${'00'.repeat(24)}${(0xb10c0000 + n).toString(16).padStart(16, '0')}`;
const genesis = `0x${'45'.repeat(32)}`;

const tpm = await SoftwareTpm.start();
try {
  const ak = tpm.provision();
  const device = deviceId({ scheme: 'P256', publicKey: ak });
  const boot = () => FIXTURE_PCRS.forEach((pcr, i) => tpm.extend(pcr, FIXTURE_MEASUREMENTS[i]));
  const write = (name, bytes) => writeFileSync(`${out}${name}`, bytes);
  boot();
  write('ak.bin', ak);
  write('device-id.bin', Buffer.from(device.slice(2), 'hex'));
  write('pcr-digest.bin', pcrDigest(tpm.readPcrs(FIXTURE_PCRS)));
  // Counter 1 over block 49 (the mock chain starts at block 50).
  const nonce = quoteNonce(genesis, device, 49, mockHash(49), 1, 8);
  write('nonce.bin', nonce);
  const first = tpm.quote(nonce, FIXTURE_PCRS);
  write('quote.bin', first.quote);
  write('signature.bin', first.signature);
  // The TPM reboots (resetCount + 1), the same firmware boots; counter 2 over block 59.
  await tpm.reboot();
  boot();
  const rebooted = tpm.quote(quoteNonce(genesis, device, 59, mockHash(59), 2, 8), FIXTURE_PCRS);
  write('quote-rebooted.bin', rebooted.quote);
  write('signature-rebooted.bin', rebooted.signature);
  console.log(`wrote ${out}: AK ${u8aToHex(ak)}, device ${device}`);
} finally {
  await tpm.stop();
}
