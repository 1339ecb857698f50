import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Backoff } from '../src/backoff.js';

test('delays grow exponentially up to the maximum without jitter', () => {
  const backoff = new Backoff({ initialMs: 100, maxMs: 1000, multiplier: 2, jitter: 0 });
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => backoff.next()), [100, 200, 400, 800, 1000, 1000]);
});

test('jitter takes up to its fraction off each delay', () => {
  const low = new Backoff({ initialMs: 1000, jitter: 0.5 }, () => 0.999999);
  const high = new Backoff({ initialMs: 1000, jitter: 0.5 }, () => 0);
  assert.equal(low.next(), 500);
  assert.equal(high.next(), 1000);
});

test('reset starts again from the initial delay', () => {
  const backoff = new Backoff({ initialMs: 100, jitter: 0 });
  backoff.next();
  backoff.next();
  backoff.reset();
  assert.equal(backoff.next(), 100);
});

test('rejects nonsensical settings', () => {
  assert.throws(() => new Backoff({ initialMs: 10, maxMs: 5 }), RangeError);
  assert.throws(() => new Backoff({ jitter: 2 }), RangeError);
});
