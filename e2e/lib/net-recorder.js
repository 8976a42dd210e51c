// Loaded with `node --import` into a process under test: appends every outgoing TCP connection
// (host and port; WebSocket and HTTP clients connect through the same net.Socket) to the file
// named by IOT_NET_LOG, one JSON line each, so a test can assert where the process connected.
import net from 'node:net';
import { appendFileSync } from 'node:fs';

const log = process.env.IOT_NET_LOG;
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function recordedConnect(...args) {
  // net.connect() passes its normalized arguments as one array: [options, callback].
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = typeof first === 'object' && first !== null ? first : { port: first, host: args[1] };
  if (log) appendFileSync(log, `${JSON.stringify({ host: options.host ?? null, port: Number(options.port ?? NaN), path: options.path ?? null })}\n`);
  return connect.apply(this, args);
};
