// The web verifier: the same verdict as the CLI (verifier/src/verify.js), from a light client in
// this page. The chain spec comes from the server (the dev chain's, by default) or a file.
import { startWithBytecode } from 'smoldot/no-auto-bytecode';
import { parseReadings } from '@iot-chain/client/readings';
import { merkleRoot } from '@iot-chain/client/merkle';
import { isProofDocument, parseProofDocument } from '@iot-chain/client/proof';
import { FinalizedView, Undecided, summary, verifyOn } from '../src/verify.js';

const $ = (id) => document.getElementById(id);
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const bytecode = new Promise((resolve) => {
  worker.onmessage = (event) => resolve(event.data);
});
const { port1, port2 } = new MessageChannel();
worker.postMessage(port1, [port1]);
const client = startWithBytecode({ bytecode, portToWorker: port2, maxLogLevel: 2 });

let view = null;
let chain = null;
let readings = null;
/** A gateway's proof document (instead of a readings file), parsed. */
let proofDocument = null;
let readingsText = null;

/** Shows the light client's progress until it is synced, then keeps the status current. */
function showProgress({ phase, peers, finalized, best }) {
  const text = phase === 'synced'
    ? `synced: finalized #${finalized} (${peers} peer${peers === 1 ? '' : 's'})`
    : `${phase}: ${peers} peer${peers === 1 ? '' : 's'}, finalized #${finalized ?? '…'}, best #${best ?? '…'}`;
  $('sync-status').textContent = text;
  $('sync-progress').hidden = phase === 'synced';
  document.body.dataset.sync = phase;
}

async function useChainSpec(chainSpec) {
  $('sync-status').textContent = 'starting the light client…';
  $('sync-progress').hidden = false;
  if (chain) chain.remove();
  chain = await client.addChain({ chainSpec });
  view = new FinalizedView(chain, { onProgress: showProgress });
  await view.follow();
  updateButton();
  // Keep the status line current (syncing, then the finalized block), without blocking the page.
  const current = view;
  while (view === current) {
    await current.synced({ timeoutMs: 10 * 60_000 }).catch((error) => showProgress({ phase: error.message, peers: 0 }));
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
}

function loadReadings(text) {
  readingsText = text;
  const select = $('reading');
  select.replaceChildren();
  proofDocument = null;
  if (isProofDocument(text)) {
    readings = null;
    try {
      proofDocument = parseProofDocument(text);
    } catch (error) {
      $('tree').textContent = `cannot read the proof: ${error.message}`;
      updateButton();
      return;
    }
    const label = new TextDecoder().decode(proofDocument.reading);
    select.add(new Option(`${proofDocument.leafIndex}: ${label.length > 90 ? `${label.slice(0, 90)}…` : label}`, String(proofDocument.leafIndex)));
    select.disabled = true;
    $('device').value = proofDocument.device;
    $('tree').textContent = `gateway proof: reading ${proofDocument.leafIndex} of ${proofDocument.leafCount}, Merkle root ${proofDocument.root} (${proofDocument.status})`;
    updateButton();
    return;
  }
  try {
    readings = parseReadings(text, { hex: $('hex').checked });
  } catch (error) {
    readings = null;
    $('tree').textContent = `cannot read the file: ${error.message}`;
    updateButton();
    return;
  }
  const decoder = new TextDecoder();
  readings.forEach((reading, index) => {
    const label = $('hex').checked ? `0x${[...reading].map((b) => b.toString(16).padStart(2, '0')).join('')}` : decoder.decode(reading);
    select.add(new Option(`${index}: ${label.length > 90 ? `${label.slice(0, 90)}…` : label}`, String(index)));
  });
  select.disabled = false;
  $('tree').textContent = `${readings.length} readings, Merkle root ${merkleRoot(readings)}`;
  updateButton();
}

function updateButton() {
  $('verify').disabled = !(view && (readings || proofDocument) && /^0x[0-9a-fA-F]{64}$/.test($('device').value.trim()));
}

async function verify() {
  $('verify').disabled = true;
  const verdictBox = $('verdict');
  verdictBox.hidden = false;
  verdictBox.dataset.code = '';
  $('verdict-title').textContent = 'Verifying… (waiting for the light client to sync)';
  $('verdict-text').textContent = '';
  const started = performance.now();
  try {
    const verdict = await verifyOn(view, {
      readings,
      document: proofDocument,
      leafIndex: Number($('reading').value),
      device: $('device').value.trim().toLowerCase(),
      timeoutMs: 120_000,
    });
    verdict.seconds = (performance.now() - started) / 1000;
    verdictBox.dataset.code = String(verdict.code);
    verdictBox.dataset.block = String(verdict.finalizedBlock);
    $('verdict-title').textContent = verdict.verified ? 'Verified' : 'Not verified';
    $('verdict-text').textContent = summary(verdict);
    window.lastVerdict = verdict;
  } catch (error) {
    const undecided = error instanceof Undecided ? error : new Undecided(error.message);
    verdictBox.dataset.code = '2';
    $('verdict-title').textContent = 'Could not decide';
    $('verdict-text').textContent = summary(undecided);
  } finally {
    updateButton();
  }
}

$('spec-choice').addEventListener('change', () => {
  if ($('spec-choice').value === 'file') $('spec-file').click();
});
$('spec-file').addEventListener('change', async () => {
  const file = $('spec-file').files[0];
  if (file) await useChainSpec(await file.text());
});
$('readings-file').addEventListener('change', async () => {
  const file = $('readings-file').files[0];
  if (file) loadReadings(await file.text());
});
$('hex').addEventListener('change', () => readingsText !== null && loadReadings(readingsText));
$('device').addEventListener('input', updateButton);
$('verify').addEventListener('click', verify);
const drop = $('drop');
drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', async (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  const file = event.dataTransfer.files[0];
  if (file) loadReadings(await file.text());
});

// The served chain spec (the dev chain's unless the server was given another).
fetch('chain-spec.json')
  .then((response) => (response.ok ? response.text() : Promise.reject(new Error(`chain-spec.json: ${response.status}`))))
  .then(useChainSpec)
  .catch((error) => {
    $('sync-status').textContent = `no served chain spec (${error.message}): choose a file`;
  });
