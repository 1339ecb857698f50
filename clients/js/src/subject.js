// Subject syntax from PROTOCOL.md ("Subjects"). Checked on the client so that a bad subject fails
// at the call site with a clear reason instead of as an INVALID_SUBJECT frame later.

const TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const encoder = new TextEncoder();

/**
 * Returns why `subject` is not a valid subject, or null when it is valid.
 * @param {unknown} subject
 * @returns {string | null}
 */
export function subjectError(subject) {
  if (typeof subject !== 'string') return 'a subject is a string';
  const bytes = encoder.encode(subject).length;
  if (bytes < 2 || bytes > 1024) return 'a subject is 2 to 1024 UTF-8 bytes';
  if (!subject.startsWith('/')) return "a subject starts with '/'";
  if (CONTROL.test(subject)) return 'a subject has no control characters';
  const segments = subject.slice(1).split('/');
  if (segments.some((s) => s.length === 0)) return 'a subject has no empty segment';
  if (!TOPIC.test(segments[0])) return 'the first segment is a Kafka topic name: 1-249 of [a-zA-Z0-9._-]';
  return null;
}

/**
 * Throws a TypeError saying why `subject` is invalid.
 * @param {unknown} subject
 */
export function checkSubject(subject) {
  const error = subjectError(subject);
  if (error !== null) throw new TypeError(`invalid subject ${JSON.stringify(subject)}: ${error}`);
}
