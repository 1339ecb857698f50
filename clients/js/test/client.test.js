import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import WebSocket from 'ws';
import { HeraldClient, HeraldError } from '../src/herald.js';
import { SEQUENCED_AT, ScriptedEdge, acceptSubscribes, message, until } from './scripted-edge.js';
import { limit, load } from './vectors.js';

const fast = { initialMs: 20, maxMs: 200, jitter: 0 };
const clients = [];
const edges = [];

function client(urls, options = {}) {
  const c = new HeraldClient({ urls, WebSocket, backoff: fast, startIndex: 0, ...options });
  clients.push(c);
  return c;
}

async function edge(onFrame, options) {
  const e = await ScriptedEdge.start(onFrame, options);
  edges.push(e);
  return e;
}

/** A port on which nothing listens. */
async function deadUrl() {
  const e = await ScriptedEdge.start();
  const url = e.url;
  await e.stop();
  return url;
}

after(async () => {
  clients.forEach((c) => c.close());
  await Promise.all(edges.map((e) => e.stop()));
});

test('starts at a random edge of the list unless told which', () => {
  const urls = ['ws://127.0.0.1:1/ws', 'ws://127.0.0.1:2/ws', 'ws://127.0.0.1:3/ws'];
  assert.equal(new HeraldClient({ urls, WebSocket, random: () => 0.7 }).url, urls[2]);
  assert.equal(new HeraldClient({ urls, WebSocket, random: () => 0.7, startIndex: 1 }).url, urls[1]);
});

test('rejects bad URLs and a missing WebSocket implementation at construction', () => {
  assert.throws(() => new HeraldClient({ urls: [], WebSocket }), TypeError);
  assert.throws(() => new HeraldClient({ urls: ['not a url'], WebSocket }), TypeError);
  assert.throws(() => new HeraldClient({ urls: ['http://127.0.0.1:8081/ws'], WebSocket }), TypeError);
  assert.throws(() => new HeraldClient({ urls: ['ws://127.0.0.1:8081/ws'], WebSocket: undefined }), TypeError);
});

test('rejects invalid subjects, positions, history and content at the call site', () => {
  const c = client(['ws://127.0.0.1:1/ws']);
  assert.throws(() => c.subscribe('/a//b', () => {}), /empty segment/);
  assert.throws(() => c.subscribe('/t/\ud800', () => {}), /unpaired surrogate/);
  assert.throws(() => c.subscribe('/a', () => {}, { from: { epoch: -1, seq: 0 } }), TypeError);
  assert.throws(() => c.subscribe('/a', () => {}, { history: limit('historyMax') + 1 }), TypeError);
  assert.throws(() => c.publish('nope', 'x'), TypeError);
  assert.throws(() => c.publish('/a', 'x\ud800'), /unpaired surrogate/);
  assert.throws(() => client(['ws://127.0.0.1:1/ws'], { maxPendingPublishes: 0 }), RangeError);
});

test('moves past an unreachable edge to the next one', async () => {
  const good = await edge(acceptSubscribes);
  const c = client([await deadUrl(), good.url]).connect();
  const states = [];
  c.on('state', (s) => states.push(s));
  await until('open', () => c.state === 'open');
  assert.equal(c.url, good.url);
  assert.ok(states.some((s) => s.state === 'reconnecting' && s.url === good.url));
});

test('drops duplicates and stale messages, never delivers out of order', async () => {
  const e = await edge((frame, socket) => {
    acceptSubscribes(frame, socket);
    if (frame.type === 'subscribe') {
      for (const [epoch, seq] of [[5, 0], [5, 1], [5, 1], [5, 0], [5, 2], [4, 9], [6, 0]]) {
        socket.send(message('/t/a', epoch, seq));
      }
    }
  });
  const c = client([e.url]).connect();
  const got = [];
  c.subscribe('/t/a', (m) => got.push([m.epoch, m.seq]));
  await until('four messages', () => got.length === 4);
  assert.deepEqual(got, [[5, 0], [5, 1], [5, 2], [6, 0]]);
  assert.equal(c.duplicatesDropped, 3);
});

test('1001 moves to the other edge and resumes from the last position with recovery complete', async () => {
  const first = await edge((frame, socket) => {
    acceptSubscribes(frame, socket);
    if (frame.type === 'subscribe') [0, 1].forEach((seq) => socket.send(message('/t/r', 1, seq)));
  });
  const second = await edge((frame, socket) => {
    acceptSubscribes(frame, socket);
    if (frame.type === 'subscribe') socket.send(message('/t/r', 1, 2));
  });
  const c = client([first.url, second.url], { stableMs: 0 }).connect();
  const got = [];
  const recoveries = [];
  c.on('recovery', (r) => recoveries.push(r));
  c.subscribe('/t/r', (m) => got.push(m.seq));
  await until('two messages', () => got.length === 2);
  first.closeAll(1001, 'shutting down');
  await until('third message', () => got.length === 3);
  assert.deepEqual(got, [0, 1, 2]);
  assert.deepEqual(second.framesOfType('subscribe')[0].subjects, [{ subject: '/t/r', from: { epoch: 1, seq: 1 }, fromTimestamp: SEQUENCED_AT + 1 }]);
  assert.deepEqual(recoveries.map((r) => [r.recovery, r.url]), [['none', first.url], ['complete', second.url]]);
});

test('a partial recovery carries the edge\'s reason in the recovery event', async () => {
  const e = await edge((frame, socket) => {
    if (frame.type !== 'subscribe') return;
    const s = frame.subjects[0];
    socket.send(JSON.stringify({ type: 'subscribed', id: frame.id, subject: s.subject, recovery: 'partial', head: { epoch: 2, seq: 90 }, reason: 'retention' }));
  });
  const c = client([e.url], { stableMs: 0 }).connect();
  const recoveries = [];
  c.on('recovery', (r) => recoveries.push(r));
  c.subscribe('/t/why', () => {});
  await until('recovery event', () => recoveries.length === 1);
  assert.equal(recoveries[0].recovery, 'partial');
  assert.equal(recoveries[0].reason, 'retention');
  c.close();
});

test('a live subscription that received nothing resumes after the head the edge reported', async () => {
  const e = await edge((frame, socket) => {
    if (frame.type !== 'subscribe') return;
    const s = frame.subjects[0];
    socket.send(JSON.stringify({ type: 'subscribed', id: frame.id, subject: s.subject, recovery: s.from ? 'complete' : 'none', head: { epoch: 2, seq: 5 } }));
  });
  const c = client([e.url], { stableMs: 0 }).connect();
  c.subscribe('/t/h', () => {});
  await until('first subscribe', () => e.framesOfType('subscribe').length === 1);
  e.closeAll(1001, 'bye');
  await until('resubscribe', () => e.framesOfType('subscribe').length === 2);
  assert.deepEqual(e.framesOfType('subscribe')[1].subjects, [{ subject: '/t/h', from: { epoch: 2, seq: 5 } }]);
});

test('1011 (a hole the edge would not deliver) reconnects and resumes from the last position', async () => {
  const first = await edge((frame, socket) => {
    acceptSubscribes(frame, socket);
    if (frame.type === 'subscribe') {
      socket.send(message('/t/g', 2, 0));
      socket.close(1011, 'sequence gap: resume');
    }
  });
  const second = await edge((frame, socket) => {
    acceptSubscribes(frame, socket);
    if (frame.type === 'subscribe') socket.send(message('/t/g', 2, 1));
  });
  const c = client([first.url, second.url]).connect();
  const got = [];
  const states = [];
  c.on('state', (s) => states.push(s));
  c.subscribe('/t/g', (m) => got.push(m.seq));
  await until('the message after the hole', () => got.length === 2);
  assert.deepEqual(got, [0, 1]);
  assert.deepEqual(second.framesOfType('subscribe')[0].subjects, [{ subject: '/t/g', from: { epoch: 2, seq: 0 }, fromTimestamp: SEQUENCED_AT }]);
  assert.ok(states.some((s) => s.state === 'reconnecting' && s.code === 1011));
});

test('4008 reconnects after a backoff delay that grows while the edge keeps refusing', async () => {
  const e = await edge((frame, socket) => {
    if (frame.type === 'subscribe') socket.close(4008, 'slow consumer');
  });
  const c = client([e.url], { backoff: { initialMs: 30, maxMs: 1000, jitter: 0 }, stableMs: 0 }).connect();
  const delays = [];
  c.on('state', (s) => s.state === 'reconnecting' && s.code === 4008 && delays.push(s.delayMs));
  c.subscribe('/t/s', () => {});
  await until('three 4008 closes', () => delays.length >= 3);
  assert.deepEqual(delays.slice(0, 3), [30, 60, 120]);
});

test('4001 surfaces UNAUTHENTICATED and does not reconnect', async () => {
  const e = await edge();
  const c = client([e.url]).connect();
  const errors = [];
  c.on('error', (err) => errors.push(err));
  await until('open', () => c.state === 'open');
  e.closeAll(4001, 'token expired');
  await until('failed', () => c.state === 'failed');
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(e.connections, 1);
  assert.equal(errors[0].code, 'UNAUTHENTICATED');
});

test('sends its token in the first frame of each connection, never in the URL', async () => {
  const e = await edge();
  let calls = 0;
  const c = client([e.url], { token: () => `token-${++calls}` }).connect();
  c.subscribe('/t/s', () => {});
  await until('subscribe sent', () => e.framesOfType('subscribe').length === 1);
  assert.deepEqual(e.frames[0], { type: 'auth', token: 'token-1' });
  e.closeAll(1001, 'going away');
  await until('second auth frame', () => e.framesOfType('auth').length === 2);
  assert.deepEqual(e.framesOfType('auth')[1], { type: 'auth', token: 'token-2' });
  assert.ok(e.requestUrls.every((u) => !u.includes('token')), e.requestUrls.join(' '));
});

test('an upgrade refused with 503 (a full or warming edge) sends the client to the next edge', async () => {
  const full = await edge(undefined, { refuseStatus: 503 });
  const ok = await edge(acceptSubscribes);
  const c = client([full.url, ok.url]).connect();
  await until('open on the second edge', () => c.state === 'open');
  assert.equal(c.url, ok.url);
  assert.equal(full.requestUrls.length, 1);
});

test('an error naming a subject ends that subscription: nothing more is delivered on it', async () => {
  const e = await edge(acceptSubscribes);
  const c = client([e.url]).connect();
  const got = [];
  const errors = [];
  c.on('error', (err) => errors.push(err));
  c.subscribe('/t/a', (m) => got.push(m.seq));
  await until('subscribed', () => e.framesOfType('subscribe').length === 1);
  const socket = [...e.sockets][0];
  socket.send(message('/t/a', 1, 1));
  socket.send(JSON.stringify({ type: 'error', code: 'FORBIDDEN', message: 'no longer entitled', subject: '/t/a' }));
  socket.send(message('/t/a', 1, 2));
  await until('the error', () => errors.length === 1);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(got, [1]);
  assert.equal(errors[0].code, 'FORBIDDEN');
  assert.equal(errors[0].subject, '/t/a');
});

test('publish resolves with the committed position and rejects with the edge error code', async () => {
  const e = await edge((frame, socket) => {
    if (frame.type !== 'publish') return;
    if (frame.subject === '/t/bad') {
      socket.send(JSON.stringify({ type: 'error', id: frame.id, code: 'FORBIDDEN', message: 'no' }));
    } else {
      socket.send(JSON.stringify({ type: 'published', id: frame.id, subject: frame.subject, epoch: 3, seq: 7 }));
    }
  });
  const c = client([e.url]).connect();
  const ack = await c.publish('/t/ok', 'hello');
  assert.deepEqual([ack.subject, ack.epoch, ack.seq], ['/t/ok', 3, 7]);
  await assert.rejects(c.publish('/t/bad', 'x'), (err) => err instanceof HeraldError && err.code === 'FORBIDDEN');
});

test('a publish in flight when the edge goes away is resent with its id to the next edge and takes the original position', async () => {
  const first = await edge((frame, socket) => frame.type === 'publish' && socket.close(1001, 'bye'));
  const second = await edge((frame, socket) => {
    if (frame.type === 'publish') {
      // As the edge does for a resend the sequencer recognised: the first copy's position.
      socket.send(JSON.stringify({ type: 'published', id: frame.id, subject: frame.subject, epoch: 1, seq: 0 }));
    }
  });
  const c = client([first.url, second.url]).connect();
  await until('open', () => c.state === 'open');
  const ack = await c.publish('/t/p', 'once');
  assert.deepEqual([ack.epoch, ack.seq], [1, 0]);
  assert.equal(first.framesOfType('publish').length, 1);
  assert.equal(second.framesOfType('publish').length, 1);
  assert.deepEqual(second.framesOfType('publish')[0], first.framesOfType('publish')[0], 'the same frame, same id');
  assert.equal(ack.id, first.framesOfType('publish')[0].id);
});

test('publish ids carry a 128-bit random prefix, different per client', async () => {
  const e = await edge((frame, socket) => {
    if (frame.type === 'publish') {
      socket.send(JSON.stringify({ type: 'published', id: frame.id, subject: frame.subject, epoch: 1, seq: 0 }));
    }
  });
  const acks = await Promise.all([
    client([e.url], { randomBytes: (a) => a.fill(1e9) }).connect().publish('/t/p', 'x'),
    client([e.url], { randomBytes: (a) => a.fill(2e9) }).connect().publish('/t/p', 'x'),
    client([e.url]).connect().publish('/t/p', 'x'),
  ]);
  const prefixes = acks.map((ack) => ack.id.slice(0, ack.id.lastIndexOf('-')));
  assert.equal(new Set(prefixes).size, 3);
  assert.equal(prefixes[0], (1e9).toString(36).repeat(4));
  assert.match(prefixes[2], /^[0-9a-z]{16,28}$/);
});

test('a publish made while reconnecting is sent once the next connection opens', async () => {
  const only = await edge((frame, socket) => {
    if (frame.type === 'publish') {
      socket.send(JSON.stringify({ type: 'published', id: frame.id, subject: frame.subject, epoch: 2, seq: 5 }));
    }
  });
  const c = client([only.url]);
  const acked = c.publish('/t/p', 'early');
  c.connect();
  const ack = await acked;
  assert.deepEqual([ack.epoch, ack.seq], [2, 5]);
  assert.equal(only.framesOfType('publish').length, 1);
});

test('a publish with no ack rejects with PUBLISH_TIMEOUT', async () => {
  const e = await edge();
  const c = client([e.url], { publishTimeoutMs: 100 }).connect();
  await assert.rejects(c.publish('/t/p', 'x'), (err) => err.code === 'PUBLISH_TIMEOUT');
});

test('a silent edge is detected by the heartbeat and left with a defined close code', async () => {
  const silent = await edge();
  const good = await edge();
  const c = client([silent.url, good.url], { heartbeatMs: 50, heartbeatTimeoutMs: 50 }).connect();
  const states = [];
  c.on('state', (s) => states.push(s));
  await until('moved to the other edge', () => c.state === 'open' && c.url === good.url);
  assert.equal(silent.framesOfType('ping').length, 1);
  await until('the close reached the silent edge', () => silent.closeCodes.length === 1);
  assert.deepEqual(silent.closeCodes, [1000]);
  assert.equal(states.find((s) => s.state === 'reconnecting').code, 1006);
});

test('bounds pending publishes like the edge, failing the next one fast and saying why', async () => {
  const c = client(['ws://127.0.0.1:1/ws']);
  const max = limit('maxPendingPublishes');
  const pending = Array.from({ length: max }, (_, i) => c.publish('/t/p', `m${i}`).catch((e) => e));
  await assert.rejects(
    c.publish('/t/p', 'one too many'),
    (err) => err.code === 'OVERLOADED' && err.message.includes(`${max} publishes`) && err.message.includes('maxPendingPublishes'),
  );
  c.close();
  assert.ok((await Promise.all(pending)).every((e) => e.code === 'CLOSED'));
});

test('reports broken edge frames, ignores unknown frame types, and stays connected', async () => {
  const vectors = load('edge-frames.json').invalid;
  const e = await edge((frame, socket) => {
    if (frame.type !== 'subscribe') return;
    for (const v of vectors) socket.send(v.json);
    socket.send(JSON.stringify({ type: 'pong', id: 'last' }));
  });
  const c = client([e.url]).connect();
  const errors = [];
  c.on('error', (err) => errors.push(err));
  c.subscribe('/t/v', () => {});
  const broken = vectors.filter((v) => v.error !== 'UNKNOWN_TYPE');
  await until('every broken frame reported', () => errors.length >= broken.length);
  assert.equal(errors.length, broken.length);
  broken.forEach((v, i) => {
    assert.equal(errors[i].code, 'BAD_FRAME');
    if (v.field !== undefined) assert.ok(errors[i].message.includes(v.field), errors[i].message);
  });
  assert.equal(c.state, 'open');
});
