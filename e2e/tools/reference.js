// Writes docs/reference.md from the metadata of the chain at IOT_WS (default ws://127.0.0.1:9944):
//   node e2e/tools/reference.js      (scripts/dev.sh starts a dev node there)
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { connect } from '@iot-chain/client/chain';
import { renderReference } from '../lib/reference.js';

const out = fileURLToPath(new URL('../../docs/reference.md', import.meta.url));
const api = await connect();
try {
  writeFileSync(out, renderReference(api));
  console.log(`wrote ${out}`);
} finally {
  await api.disconnect();
}
