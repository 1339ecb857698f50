// One JavaScript SDK client (clients/js, default settings) publishing at a rate through one edge,
// for bench/run publish. Prints one line: "result {json}" with what became of every message.
// Usage: node bench/publish.mjs --port P --rate R --seconds S --subjects N --bytes B
import { createRequire } from 'node:module';
import { HeraldClient } from '../clients/js/src/herald.js';

const require = createRequire(new URL('../clients/js/package.json', import.meta.url));
const WebSocket = require('ws');

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, v, i, all) => (i % 2 === 0 ? [...pairs, [v.replace(/^--/, ''), all[i + 1]]] : pairs), []),
);
const port = Number(args.port);
const rate = Number(args.rate ?? 5000);
const seconds = Number(args.seconds ?? 10);
const subjects = Number(args.subjects ?? 10);
const content = 'x'.repeat(Number(args.bytes ?? 100));

/** Whether the client itself failed the publish (its own queue bound or timer), not the edge. */
function isLocal(e) {
  return e.code === 'FRAME_TOO_LARGE' || e.code === 'CLOSED'
    || (e.code === 'OVERLOADED' && e.message.includes('maxPendingPublishes'))
    || (e.code === 'PUBLISH_TIMEOUT' && e.message.includes('no ack within'));
}

const client = new HeraldClient({ urls: [`ws://127.0.0.1:${port}/ws`], WebSocket, startIndex: 0 });
client.connect();
await client.publish('/demo/s0', 'warm');

const tally = { sent: 0, acked: 0, refused: 0, closed: 0, clientFailed: 0 };
const latencies = [];
let lastAck = 0;
const answers = [];
const total = rate * seconds;
const start = performance.now();
// Publish in ticks of 10 ms, as many as the rate owes by then, so timers need no finer grain.
while (tally.sent < total) {
  const owed = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
  for (; tally.sent < owed; tally.sent++) {
    const sent = performance.now();
    answers.push(
      client.publish(`/demo/s${tally.sent % subjects}`, content).then(
        () => {
          const now = performance.now();
          tally.acked++;
          latencies.push(now - sent);
          lastAck = Math.max(lastAck, now);
        },
        (e) => {
          if (e.code === 'CONNECTION_LOST') tally.closed++;
          else if (isLocal(e)) tally.clientFailed++;
          else tally.refused++;
        },
      ),
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 10));
}
await Promise.all(answers);
client.close();
latencies.sort((a, b) => a - b);
const at = (p) => (latencies.length === 0 ? 0 : latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]);
const elapsed = Math.max(1e-9, (lastAck - start) / 1000);
console.log('result ' + JSON.stringify({ ...tally, ackedPerSecond: tally.acked / elapsed, ackP50Ms: at(50), ackP99Ms: at(99) }));
process.exit(0);
