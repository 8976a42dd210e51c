// Readings files as `iot-node merkle` reads them: one reading per line, the line's bytes without
// its terminator ("\n" or "\r\n"); or, in hex mode, one hex-encoded reading per line (`0x`
// optional) for binary readings.
import { hexToBytes } from '@noble/hashes/utils.js';

/** The readings (Uint8Arrays) of a readings file's `text`; `hex` for hex-encoded lines. */
export function parseReadings(text, { hex = false } = {}) {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const readings = lines.map((raw, number) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!hex) return new TextEncoder().encode(line);
    const digits = line.trim().replace(/^0x/, '');
    if (!/^([0-9a-fA-F]{2})*$/.test(digits)) throw new Error(`line ${number + 1} is not hex`);
    return hexToBytes(digits);
  });
  if (readings.length === 0) throw new Error('the readings file has no lines');
  if (readings.length > 0xffffffff) throw new Error('too many lines');
  return readings;
}
