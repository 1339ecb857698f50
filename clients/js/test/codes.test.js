import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CloseCode,
  DEFAULT_MAX_FRAME_BYTES,
  DEFAULT_MAX_PENDING_PUBLISHES,
  ERROR_CODES,
  HISTORY_MAX,
  closeReaction,
} from '../src/codes.js';
import { limit, load } from './vectors.js';

const codes = load('codes.json');

test('the error codes are exactly the shared ones', () => {
  assert.deepEqual([...ERROR_CODES].sort(), codes.errorCodes.map((c) => c.code).sort());
});

test('the close codes are exactly the shared ones', () => {
  assert.deepEqual(CloseCode, Object.fromEntries(codes.closeCodes.map((c) => [c.name, c.code])));
  const defined = new Set(Object.values(CloseCode));
  for (const other of codes.otherCloseCodes) assert.ok(!defined.has(other.code), String(other.code));
});

for (const c of [...codes.closeCodes, ...codes.otherCloseCodes]) {
  test(`reacts to close code ${c.code} as the vectors say`, () => {
    assert.deepEqual(closeReaction(c.code), { reconnect: c.reconnect, stableResetsBackoff: c.stableResetsBackoff });
  });
}

test('the limits are the shared ones', () => {
  assert.equal(DEFAULT_MAX_FRAME_BYTES, limit('maxFrameBytes'));
  assert.equal(DEFAULT_MAX_PENDING_PUBLISHES, limit('maxPendingPublishes'));
  assert.equal(HISTORY_MAX, limit('historyMax'));
  assert.equal(Number.MAX_SAFE_INTEGER, limit('positionMax'));
});
