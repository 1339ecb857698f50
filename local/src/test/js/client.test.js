// The JavaScript client against a real local stack: Kafka, the sequencer job, two real edges.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { HeraldClient } from '../../../../clients/js/src/herald.js';
import { LocalStackProcess, freePort, until } from './local-stack.js';

const CACHE_MAX_MESSAGES = 5;
let stack;
const clients = [];

before(async () => {
  stack = await LocalStackProcess.start({ edgeOptions: [`cache-max-messages=${CACHE_MAX_MESSAGES}`] });
});

after(async () => {
  clients.forEach((c) => c.close());
  await stack?.stop();
});

function client(urls, options = {}) {
  const c = new HeraldClient({ urls, WebSocket, backoff: { initialMs: 50, maxMs: 1000 }, startIndex: 0, ...options });
  clients.push(c);
  return c.connect();
}

/** Subscribes and collects messages; resolves once the subscribe is answered. */
async function collect(c, subject, options) {
  const messages = [];
  const recoveries = [];
  c.on('recovery', (r) => r.subject === subject && recoveries.push(r));
  const gaps = [];
  c.on('gap', (g) => gaps.push(g));
  c.subscribe(subject, (m) => messages.push(m), options);
  await until(`subscribed to ${subject}`, () => recoveries.length > 0);
  return { messages, recoveries, gaps };
}

function positions(messages) {
  return messages.map((m) => [m.epoch, m.seq]);
}

function assertConsecutive(messages) {
  for (let i = 1; i < messages.length; i++) {
    const a = messages[i - 1];
    const b = messages[i];
    assert.ok(b.epoch > a.epoch || (b.epoch === a.epoch && b.seq === a.seq + 1), `gap or disorder at ${i}`);
  }
}

test('publish is acknowledged with the committed position that subscribers on another edge see', async () => {
  const [first, second] = stack.wsUrls;
  const subscriber = client([second]);
  const { messages } = await collect(subscriber, '/demo/ack');
  const publisher = client([first]);
  const acks = [];
  for (let i = 0; i < 3; i++) acks.push(await publisher.publish('/demo/ack', `hello ${i}`));
  await until('three messages', () => messages.length === 3);
  assert.deepEqual(positions(messages), acks.map((a) => [a.epoch, a.seq]));
  assert.deepEqual(messages.map((m) => m.content), ['hello 0', 'hello 1', 'hello 2']);
  assertConsecutive(messages);
});

test('resumes on the other edge after its edge stops: no gap, no duplicate, recovery complete', async () => {
  const [first, second] = stack.edgePorts;
  const subject = '/demo/resume';
  const subscriber = client([stack.wsUrl(first), stack.wsUrl(second)]);
  const states = [];
  subscriber.on('state', (s) => states.push(s));
  const { messages, recoveries, gaps } = await collect(subscriber, subject);
  const publisher = client([stack.wsUrl(second)]);
  for (let i = 0; i < 2; i++) await publisher.publish(subject, `before ${i}`);
  await until('messages before the stop', () => messages.length === 2);

  await stack.stopEdge(first);
  for (let i = 0; i < 3; i++) await publisher.publish(subject, `during ${i}`);
  await until('resumed on the other edge', () => recoveries.length === 2);
  for (let i = 0; i < 2; i++) await publisher.publish(subject, `after ${i}`);
  await until('every message', () => messages.length === 7);

  assert.ok(states.some((s) => s.state === 'reconnecting' && s.code === 1001), 'closed with 1001');
  assert.equal(subscriber.url, stack.wsUrl(second));
  assert.deepEqual(
    recoveries.map((r) => r.recovery),
    ['none', 'complete'],
  );
  assert.deepEqual(recoveries[1].from, { epoch: messages[1].epoch, seq: messages[1].seq });
  assert.deepEqual(messages.map((m) => m.content), [
    'before 0', 'before 1', 'during 0', 'during 1', 'during 2', 'after 0', 'after 1',
  ]);
  assertConsecutive(messages);
  assert.deepEqual(gaps, []);
  await stack.startEdge(first);
});

test('publishes in flight when their edge is killed (kill -9) are resent to another edge and committed exactly once', async () => {
  const doomed = await stack.startEdgeProcess();
  const [, second] = stack.edgePorts;
  const subject = '/demo/exactly-once';
  const subscriber = client([stack.wsUrl(second)]);
  const { messages, gaps } = await collect(subscriber, subject);
  let publishFrames = 0;
  class CountingWebSocket extends WebSocket {
    send(data, ...rest) {
      if (JSON.parse(data).type === 'publish') publishFrames++;
      return super.send(data, ...rest);
    }
  }
  const publisher = client([doomed.url, stack.wsUrl(second)], { WebSocket: CountingWebSocket });
  await until('publisher open', () => publisher.state === 'open');
  assert.equal(publisher.url, doomed.url);

  const total = 300;
  const inFlight = 60;
  const acks = [];
  let killed;
  for (let i = 0; i < total; i++) {
    acks.push(publisher.publish(subject, `m${i}`));
    if (i >= inFlight) await acks[i - inFlight];
    if (i === total / 3) killed = doomed.kill();
  }
  assert.equal((await killed).signal, 'SIGKILL');
  const positionsAcked = (await Promise.all(acks)).map((a) => [a.epoch, a.seq]);
  await until('every message', () => messages.length >= total, 60_000);

  assert.equal(publisher.url, stack.wsUrl(second));
  assert.ok(publishFrames > total, `resent some publishes: ${publishFrames} frames for ${total} publishes`);
  assert.deepEqual(messages.map((m) => m.content), acks.map((_, i) => `m${i}`), 'each message once, in order');
  assert.deepEqual(positions(messages), positionsAcked, 'every ack carries the position subscribers saw');
  assertConsecutive(messages);
  assert.deepEqual(gaps, []);
});

test('a position evicted from the cache is read back from Kafka (complete); a made-up one is partial', async () => {
  const subject = '/demo/evicted';
  const publisher = client([stack.wsUrls[0]]);
  const acks = [];
  for (let i = 0; i < CACHE_MAX_MESSAGES + 3; i++) acks.push(await publisher.publish(subject, `m${i}`));
  const late = client([stack.wsUrls[1]]);
  const evicted = await collect(late, subject, { from: { epoch: acks[0].epoch, seq: acks[0].seq } });
  await until('every message after the evicted position', () => evicted.messages.length === acks.length - 1);
  assert.equal(evicted.recoveries[0].recovery, 'complete');
  assert.deepEqual(evicted.messages.map((m) => m.content), acks.slice(1).map((_, i) => `m${i + 1}`));

  const madeUp = client([stack.wsUrls[1]]);
  const { recoveries } = await collect(madeUp, subject, { from: { epoch: acks[0].epoch - 1, seq: 0 } });
  assert.equal(recoveries[0].recovery, 'partial');

  const recent = client([stack.wsUrls[1]]);
  const from = acks[acks.length - 3];
  const resumed = await collect(recent, subject, { from: { epoch: from.epoch, seq: from.seq } });
  await until('the two newest messages', () => resumed.messages.length === 2);
  assert.equal(resumed.recoveries[0].recovery, 'complete');
  assert.deepEqual(resumed.messages.map((m) => m.content), [`m${acks.length - 2}`, `m${acks.length - 1}`]);
});

test('bad URLs are skipped: a port with nothing listening and a path that is not the WebSocket endpoint', async () => {
  const nothing = `ws://127.0.0.1:${await freePort()}/ws`;
  const wrongPath = `ws://127.0.0.1:${stack.edgePorts[0]}/not-the-endpoint`;
  const c = client([nothing, wrongPath, stack.wsUrls[1]]);
  const states = [];
  c.on('state', (s) => states.push(s));
  const ack = await c.publish('/demo/bad-urls', 'made it');
  assert.equal(ack.subject, '/demo/bad-urls');
  assert.equal(c.url, stack.wsUrls[1]);
  assert.equal(states.filter((s) => s.state === 'reconnecting').length, 2);
});

test('publishing to the sequenced topic is refused with a typed error and the connection stays open', async () => {
  const c = client([stack.wsUrls[0]]);
  await assert.rejects(c.publish('/messages.sequenced/x', 'no'), (e) => e.code === 'FORBIDDEN' && e.subject === '/messages.sequenced/x');
  assert.equal(c.state, 'open');
});
