#!/usr/bin/env node
// Tells the simulated switch port of a simulated bench (src/reference/bench/switch-port.ts) to cut or
// restore the station's network: `node scripts/sim-switch-port.mjs HOST:PORT down|up|status`.
// Exit 0 once the port confirms; 1 with the reason on stderr otherwise (no answer within 3 s included).
import net from 'node:net';
import { clearTimeout, setTimeout } from 'node:timers';

const [where, command] = process.argv.slice(2);
const m = /^([^:]+):(\d+)$/.exec(where ?? '');
if (!m || !['down', 'up', 'status'].includes(command ?? '')) {
  process.stderr.write('usage: sim-switch-port.mjs HOST:PORT down|up|status\n');
  process.exit(2);
}
const fail = (why) => {
  process.stderr.write(`sim-switch-port ${where} ${command}: ${why}\n`);
  process.exit(1);
};
const socket = net.connect(Number(m[2]), m[1]);
const timer = setTimeout(() => fail('no answer within 3000 ms'), 3000);
let reply = '';
socket.setEncoding('utf8');
socket.on('error', (e) => fail(e.message));
socket.on('connect', () => socket.write(`${command}\n`));
socket.on('data', (chunk) => {
  reply += chunk;
  if (!reply.includes('\n')) return;
  clearTimeout(timer);
  const line = reply.split('\n')[0];
  socket.destroy();
  if (!line.startsWith('ok ')) fail(line);
  process.stdout.write(`switch port ${line.slice(3)}\n`);
  process.exit(0);
});
