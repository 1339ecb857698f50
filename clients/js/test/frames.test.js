import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERROR_CODES } from '../src/codes.js';
import { FrameError, decodeEdgeFrame, encodeClientFrame } from '../src/frames.js';
import { load } from './vectors.js';

const client = load('client-frames.json');
const edge = load('edge-frames.json');

for (const v of client.valid) {
  test(`encodes client frame ${v.name} to its canonical text`, () => {
    assert.equal(encodeClientFrame(v.decoded), v.json);
  });
}

for (const v of edge.valid) {
  test(`decodes edge frame ${v.name} to its fields`, () => {
    assert.deepEqual(decodeEdgeFrame(v.json), v.decoded);
    for (const variant of v.variants ?? []) assert.deepEqual(decodeEdgeFrame(variant), v.decoded, variant);
  });
}

for (const v of edge.invalid) {
  test(`refuses edge frame "${v.name}" with ${v.error}`, () => {
    assert.throws(
      () => decodeEdgeFrame(v.json),
      (e) => {
        assert.ok(e instanceof FrameError, String(e));
        assert.equal(e.code, v.error);
        if (v.field !== undefined) assert.ok(e.message.startsWith(`${v.field} `), e.message);
        return true;
      },
    );
  });
}

test('every client frame type this client sends has a vector', () => {
  const types = new Set(client.valid.map((v) => v.decoded.type));
  for (const type of ['subscribe', 'unsubscribe', 'publish', 'publishBatch', 'ping']) assert.ok(types.has(type), type);
});

test('every edge frame type has a vector, and every recovery', () => {
  const decoded = edge.valid.map((v) => decodeEdgeFrame(v.json));
  assert.deepEqual(new Set(decoded.map((f) => f.type)), new Set(['welcome', 'subscribed', 'message', 'published', 'pong', 'error']));
  assert.deepEqual(
    new Set(decoded.filter((f) => f.type === 'subscribed').map((f) => f.recovery)),
    new Set(['complete', 'partial', 'none']),
  );
});

test('an error frame may carry every error code', () => {
  for (const code of ERROR_CODES) {
    const frame = decodeEdgeFrame(JSON.stringify({ type: 'error', id: 'r', code, message: 'm' }));
    assert.equal(frame.code, code);
  }
});
