import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SUBJECT_MAX_BYTES, SUBJECT_MIN_BYTES, TOPIC_MAX_LENGTH, parseSubject, subjectError } from '../src/subject.js';
import { limit, load, string } from './vectors.js';

const vectors = load('subjects.json');

for (const v of vectors.valid) {
  test(`accepts and maps to topic and key: ${v.why}`, () => {
    const subject = string(v.subject);
    assert.equal(subjectError(subject), null);
    assert.deepEqual(parseSubject(subject), { subject, topic: string(v.topic), key: string(v.key) });
  });
}

for (const v of vectors.invalid) {
  test(`rejects saying why: ${v.why}`, () => {
    const subject = string(v.subject);
    const error = subjectError(subject);
    assert.equal(typeof error, 'string');
    assert.ok(error.includes(v.error), `${JSON.stringify(error)} should say ${JSON.stringify(v.error)}`);
    assert.throws(() => parseSubject(subject), (e) => e instanceof TypeError && e.message.includes(v.error));
  });
}

test('a subject is a string', () => {
  for (const s of [42, null, undefined, {}, ['/a']]) assert.equal(subjectError(s), 'a subject is a string');
});

test('subject limits are the shared ones', () => {
  assert.equal(SUBJECT_MIN_BYTES, limit('subjectMinBytes'));
  assert.equal(SUBJECT_MAX_BYTES, limit('subjectMaxBytes'));
  assert.equal(TOPIC_MAX_LENGTH, limit('topicMaxLength'));
});
