// The gateway's e2e helpers: a real Mosquitto (Debian's), the iot-gateway binary, a TCP proxy in
// front of the node (to take the node "down" for the gateway alone), MQTT.js as the devices'
// client, and readers of the gateway's HTTP API.
import { spawn } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { freePort } from './nodes.js';

/** The iot-gateway binary (scripts/test.sh sets IOT_GATEWAY_BIN, and IOT_MOSQUITTO: the broker). */
export const gatewayBin = process.env.IOT_GATEWAY_BIN;

/** Resolves once something accepts TCP connections on 127.0.0.1:`port` (at most `seconds`). */
export async function waitForPort(port, seconds = 20) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = tcpConnect(port, '127.0.0.1');
      socket.once('connect', () => socket.end(() => resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until `child` exits (after a signal it was sent). */
export function exited(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}

/**
 * A persistent Mosquitto on a free port, configured from scripts/mosquitto.conf.in as
 * scripts/lib.sh's `start_mosquitto` does; its files in `dir`. `restart()` stops it (SIGTERM: it
 * saves its persistence file) and starts it again on the same port.
 */
export class Broker {
  constructor(dir) {
    this.dir = dir;
    this.port = null;
    this.child = null;
  }

  async start() {
    this.port ??= await freePort();
    const conf = join(this.dir, 'mosquitto.conf');
    const template = readFileSync(new URL('../../scripts/mosquitto.conf.in', import.meta.url), 'utf8');
    writeFileSync(conf, template.replaceAll('@PORT@', String(this.port)).replaceAll('@DIR@', this.dir));
    const log = openSync(join(this.dir, 'mosquitto.log'), 'a');
    this.child = spawn(process.env.IOT_MOSQUITTO ?? 'mosquitto', ['-c', conf], { stdio: ['ignore', log, log] });
    await waitForPort(this.port);
  }

  async stop() {
    if (!this.child) return;
    this.child.kill('SIGTERM');
    await exited(this.child);
    this.child = null;
  }

  async restart() {
    await this.stop();
    await this.start();
  }
}

/**
 * A TCP proxy on a free port forwarding to 127.0.0.1:`target`. `down()` cuts every connection and
 * refuses new ones (the node is unreachable); `up()` listens again on the same port.
 */
export class Proxy {
  constructor(target) {
    this.target = target;
    this.port = null;
    this.server = null;
    this.sockets = new Set();
  }

  async up() {
    this.port ??= await freePort();
    this.server = createServer((client) => {
      const upstream = tcpConnect(this.target, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
  }

  async down() {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise((resolve) => this.server.close(resolve));
    this.server = null;
  }
}

/** The iot-gateway process with `options` (flag name → value); its log in `logFile`. */
export class Gateway {
  constructor(options, logFile) {
    this.options = options;
    this.logFile = logFile;
    this.child = null;
    this.http = `http://${options.http}`;
  }

  async start() {
    const args = Object.entries(this.options).flatMap(([flag, value]) => [`--${flag}`, String(value)]);
    const log = openSync(this.logFile, 'a');
    this.child = spawn(gatewayBin, args, { stdio: ['ignore', log, log], env: { ...process.env, RUST_LOG: 'info,iot_gateway=debug' } });
    const port = Number(this.options.http.split(':')[1]);
    await waitForPort(port);
  }

  /** SIGKILL: no clean shutdown. */
  async kill() {
    this.child.kill('SIGKILL');
    await exited(this.child);
  }

  async stop() {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await exited(this.child);
  }

  /** GET `path`: `{ status, body }` (JSON, or text for /metrics). */
  async get(path) {
    const response = await fetch(`${this.http}${path}`);
    const text = await response.text();
    let body = text;
    try {
      body = JSON.parse(text);
    } catch {
      // /metrics is text.
    }
    return { status: response.status, body };
  }

  /** The value of metric `name` (with `labels`, e.g. `reason="size"`), 0 when absent. */
  async metric(name, labels = '') {
    const { body } = await this.get('/metrics');
    const wanted = labels ? `iot_gateway_${name}{${labels}}` : `iot_gateway_${name}`;
    for (const line of body.split('\n')) {
      const [key, value] = line.split(' ');
      if (key === wanted || (!labels && key === `${wanted}_total`) || (labels && key === `iot_gateway_${name}_total{${labels}}`)) {
        return Number(value);
      }
    }
    return 0;
  }

  /** The proof answer for reading `reading` (number or 0x leaf hash) of `device`. */
  proof(device, reading) {
    return this.get(`/readings/${device}/${reading}/proof`);
  }
}

/** An MQTT.js client connected to `port` (QoS 1 publishing), with `publish(topic, payload)`. */
export async function mqttClient(port, clientId) {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { clientId, clean: true, reconnectPeriod: 200 });
  return {
    publish: (topic, payload) => client.publishAsync(topic, payload, { qos: 1 }),
    end: () => client.endAsync(),
  };
}

/** The topic of `device`'s readings. */
export const readingsTopic = (device) => `iot/${device.replace(/^0x/, '')}/readings`;
