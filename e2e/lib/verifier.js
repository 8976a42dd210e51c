// Runs the light-client verifier's CLI (verifier/bin/iot-verify.js) as a separate process, the way
// an auditor would, with every TCP connection it opens recorded (net-recorder.js).
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../verifier/bin/iot-verify.js', import.meta.url));
const RECORDER = fileURLToPath(new URL('./net-recorder.js', import.meta.url));

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
