import assert from 'node:assert/strict';
import { test } from 'node:test';
import { subjectError } from '../src/subject.js';

test('accepts the valid subjects of PROTOCOL.md', () => {
  for (const s of ['/chat/room-1', '/stocks/NYSE/IBM', '/chat/日本/é', '/demo']) {
    assert.equal(subjectError(s), null, s);
  }
});

test('rejects the invalid subjects of PROTOCOL.md with a reason', () => {
  for (const s of ['chat', '/', '/a//b', '/a/', '/é/x', '/a/\u0001', 42, '/' + 'x'.repeat(1024)]) {
    assert.equal(typeof subjectError(s), 'string', String(s));
  }
});
