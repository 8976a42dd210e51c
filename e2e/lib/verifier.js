// Runs the light-client verifier the way an auditor would: its CLI (verifier/bin/iot-verify.js) as
// a separate process, with every TCP connection it opens recorded (net-recorder.js), and its web
// page (verifier/web, built with esbuild) in headless Chromium (Debian's, via puppeteer-core).
import { execFile, execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../verifier/bin/iot-verify.js', import.meta.url));
const RECORDER = fileURLToPath(new URL('./net-recorder.js', import.meta.url));
const WEB = fileURLToPath(new URL('../../verifier/web/', import.meta.url));
const CHROMIUM = process.env.IOT_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Runs `iot-verify --json ...args`, recording connections in `dir`/`name`.net; resolves with
 * `{ code, verdict, stderr, connections }` (exit code, parsed JSON, `{ host, port }` list).
 */
export function runVerifier(dir, name, args) {
  const netLog = join(dir, `${name}.net`);
  writeFileSync(netLog, '');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', RECORDER, CLI, '--json', ...args],
      { env: { ...process.env, IOT_NET_LOG: netLog }, timeout: 180_000 },
      (error, stdout, stderr) => {
        const connections = readFileSync(netLog, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
        let verdict = null;
        try {
          verdict = JSON.parse(stdout);
        } catch {
          verdict = { unparsed: stdout };
        }
        resolve({ code: error ? error.code : 0, verdict, stderr, connections });
      },
    );
  });
}

/** Bundles the web verifier (verifier/web/build.js → verifier/web/dist). */
export function buildWebVerifier() {
  execFileSync(process.execPath, [join(WEB, 'build.js')], { stdio: 'inherit' });
}

/**
 * Serves the built web verifier with `chainSpec` (verifier/web/serve.js on a free port), opens it
 * in headless Chromium, drops `readingsFile`, picks reading `index`, enters `device`, clicks
 * Verify and reads the verdict from the DOM. Resolves with `{ code, block, title, text, verdict,
 * tree, seconds }` (`seconds`: page opened → verdict shown; `verdict`: the page's verdict object)
 * and saves a screenshot to `screenshot` if given.
 */
export async function verifyInBrowser({ chainSpec, readingsFile, index, device, screenshot, port }) {
  const { default: puppeteer } = await import('puppeteer-core');
  const server = spawn(process.execPath, [join(WEB, 'serve.js'), '--chain-spec', chainSpec, '--port', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    server.stdout.once('data', resolve);
    server.once('exit', (code) => reject(new Error(`serve.js exited with ${code}`)));
  });
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1100, height: 1200 });
    const messages = [];
    page.on('console', (message) => messages.push(message.text()));
    const started = Date.now();
    await page.goto(`http://127.0.0.1:${port}/`);
    await (await page.$('#readings-file')).uploadFile(readingsFile);
    await page.waitForFunction(() => document.querySelectorAll('#reading option').length > 0);
    await page.select('#reading', String(index));
    await page.type('#device', device);
    await page.waitForFunction(() => !document.querySelector('#verify').disabled);
    await page.click('#verify');
    await page.waitForFunction(() => document.querySelector('#verdict').dataset.code !== '', { timeout: 180_000 });
    const seconds = (Date.now() - started) / 1000;
    const shown = await page.$eval('#verdict', (e) => ({
      code: e.dataset.code,
      block: Number(e.dataset.block),
      title: e.querySelector('h2').textContent,
      text: e.querySelector('pre').textContent,
    }));
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    return {
      ...shown,
      tree: await page.$eval('#tree', (e) => e.textContent),
      verdict: await page.evaluate(() => window.lastVerdict ?? null),
      seconds,
      console: messages,
    };
  } finally {
    await browser.close();
    server.kill();
  }
}
