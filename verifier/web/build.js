// Bundles the web verifier with esbuild: web/main.js (the page) and web/worker.js (smoldot's
// worker) into web/dist/, with index.html and style.css copied next to them.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('.', import.meta.url));
const dist = `${web}dist`;
mkdirSync(dist, { recursive: true });
const result = await build({
  entryPoints: [`${web}main.js`, `${web}worker.js`],
  outdir: dist,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});
for (const file of ['index.html', 'style.css']) copyFileSync(`${web}${file}`, `${dist}/${file}`);
for (const [file, { bytes }] of Object.entries(result.metafile.outputs)) {
  if (!file.endsWith('.map')) console.log(`${file}: ${(bytes / 1024).toFixed(0)} KiB`);
}
