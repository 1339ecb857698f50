import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeClientFrame } from '../src/frames.js';
import { BEFORE_WELCOME, PublishQueue } from '../src/publish-queue.js';

/** Timers in virtual time: advance() runs what falls due, in order. */
function virtualTimers() {
  let now = 0;
  let order = 0;
  const pending = new Map();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const handle = ++order;
      pending.set(handle, { fn, due: now + ms, order: handle });
      return handle;
    },
    clearTimeout(handle) {
      pending.delete(handle);
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const next = [...pending.entries()]
          .filter(([, t]) => t.due <= until)
          .sort(([, a], [, b]) => a.due - b.due || a.order - b.order)[0];
        if (next === undefined) break;
        pending.delete(next[0]);
        now = next[1].due;
        next[1].fn();
      }
      now = until;
    },
  };
}

function queue(limits, { max = 10000, maxFrameBytes = 65536 } = {}) {
  const timers = virtualTimers();
  const frames = [];
  let ids = 0;
  const q = new PublishQueue({
    max,
    maxFrameBytes,
    timers,
    send: (text) => frames.push(JSON.parse(text)) > 0,
    newId: () => `b${++ids}`,
  });
  q.connected();
  if (limits) q.welcome(limits);
  let n = 0;
  const publish = (count, content = () => `m${n}`) => {
    for (let i = 0; i < count; i++, n++) {
      const id = `p${n}`;
      const c = content();
      const frame = encodeClientFrame({ type: 'publish', id, subject: '/t/a', content: c });
      assert.ok(q.add({ id, subject: '/t/a', content: c, frame, bytes: frame.length }));
    }
  };
  const sizes = () => frames.map((f) => (f.type === 'publishBatch' ? f.messages.length : 1));
  const sent = () => frames.flatMap((f) => (f.type === 'publishBatch' ? f.messages : [f]));
  return { q, timers, frames, publish, sizes, sent };
}

test('sends no more than the edge allows in flight, and batches what waits', () => {
  // 2 frames/s: one publish frame a second; 5 in flight, 3 per frame.
  const { q, timers, publish, sizes, sent } = queue({ maxPendingPublishes: 5, framesPerSecond: 2, maxFrameBytes: 65536, maxBatch: 3 });
  publish(9);
  assert.deepEqual(sizes(), [1]);
  timers.advance(1000);
  assert.deepEqual(sizes(), [1, 3]);
  timers.advance(1000);
  assert.deepEqual(sizes(), [1, 3, 1]);
  timers.advance(5000);
  assert.deepEqual(sizes(), [1, 3, 1], 'the window is full');
  for (const m of sent().slice(0, 3)) {
    q.take(m.id);
    q.drain();
  }
  timers.advance(1000);
  assert.deepEqual(sizes(), [1, 3, 1, 1, 2]);
  assert.deepEqual(sent().map((m) => m.content), ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
});

test('paces its frames at half the edge frame rate', () => {
  const { timers, frames, publish, sizes } = queue({ maxPendingPublishes: 100000, framesPerSecond: 200, maxFrameBytes: 65536, maxBatch: 1 });
  publish(1000);
  timers.advance(10000);
  // 100 frames/s for 10 s, plus the first burst of a tenth of a second's worth.
  assert.ok(frames.length >= 1000 && frames.length <= 1010, String(frames.length));
  assert.ok(sizes().every((n) => n === 1));
});

test('a batch stays within the edge frame size', () => {
  const { timers, frames, publish } = queue({ maxPendingPublishes: 10000, framesPerSecond: 2, maxFrameBytes: 1024, maxBatch: 500 });
  publish(41, () => 'x'.repeat(100));
  timers.advance(1000);
  const batch = frames.find((f) => f.type === 'publishBatch');
  assert.ok(batch.messages.length >= 2 && batch.messages.length <= 8, String(batch.messages.length));
  assert.ok(JSON.stringify(batch).length < 1024);
});

test('without a welcome it sends single publishes within the old pending default', () => {
  const { timers, frames, publish } = queue(null);
  publish(150);
  timers.advance(10000);
  assert.ok(frames.every((f) => f.type === 'publish'));
  assert.equal(frames.length, BEFORE_WELCOME.maxPendingPublishes);
});

test('its own bound refuses the next publish, and a lost connection sends the sent ones again first, same ids, in order', () => {
  const { q, publish, sent } = queue({ maxPendingPublishes: 2, framesPerSecond: 1000, maxFrameBytes: 65536, maxBatch: 10 }, { max: 3 });
  publish(3);
  assert.equal(q.add({ id: 'extra', subject: '/t/a', content: '', frame: '{}', bytes: 2 }), false);
  assert.deepEqual(sent().map((p) => p.id), ['p0', 'p1']);
  assert.equal(q.disconnected(), 2);
  assert.equal(q.size, 3);
  q.connected();
  q.welcome({ maxPendingPublishes: 10, framesPerSecond: 1000, maxFrameBytes: 65536, maxBatch: 10 });
  assert.deepEqual(sent().map((p) => p.id), ['p0', 'p1', 'p0', 'p1', 'p2']);
});
