// Serves the built web verifier (web/dist) and, as /chain-spec.json, the chain spec it opens by
// default. usage: node web/serve.js --chain-spec FILE [--port 8080] [--host 127.0.0.1]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { 'chain-spec': { type: 'string' }, port: { type: 'string', default: '8080' }, host: { type: 'string', default: '127.0.0.1' } },
});
const dist = fileURLToPath(new URL('dist/', import.meta.url));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.map': 'application/json' };

const server = createServer(async (request, response) => {
  const path = new URL(request.url, 'http://localhost').pathname;
  const file = path === '/chain-spec.json' ? values['chain-spec'] : join(dist, normalize(path === '/' ? '/index.html' : path));
  if (!file || (path !== '/chain-spec.json' && !file.startsWith(dist))) {
    response.writeHead(404).end();
    return;
  }
  try {
    const body = await readFile(file);
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
});
server.listen(Number(values.port), values.host, () => {
  const { port } = server.address();
  console.log(`web verifier on http://${values.host}:${port}/ (chain spec: ${values['chain-spec'] ?? 'none: choose a file'})`);
});
