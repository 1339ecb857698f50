// Subject syntax from PROTOCOL.md ("Subjects"), checked in the same order and with the same reasons
// as the Java side (io.herald.wire.Subject); docs/protocol/vectors/subjects.json holds the cases
// both run. Checked on the client so that a bad subject fails at the call site with a clear reason
// instead of as an INVALID_SUBJECT frame later.

export const SUBJECT_MIN_BYTES = 2;
export const SUBJECT_MAX_BYTES = 1024;
export const TOPIC_MAX_LENGTH = 249;

const TOPIC_CHAR = /^[a-zA-Z0-9._-]$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
// With the u flag a surrogate pair is one code point, so this matches only unpaired surrogates.
const UNPAIRED_SURROGATE = /[\ud800-\udfff]/u;
const encoder = new TextEncoder();

/**
 * Parses a subject into its Kafka topic (the first segment) and key (the rest, or null for a
 * one-segment subject); throws a TypeError saying why it is not a valid subject.
 * @param {unknown} subject
 * @returns {{subject: string, topic: string, key: string | null}}
 */
export function parseSubject(subject) {
  const parsed = analyze(subject);
  if (typeof parsed === 'string') throw new TypeError(`invalid subject ${JSON.stringify(subject)}: ${parsed}`);
  return parsed;
}

/**
 * Returns why `subject` is not a valid subject, or null when it is valid.
 * @param {unknown} subject
 * @returns {string | null}
 */
export function subjectError(subject) {
  const parsed = analyze(subject);
  return typeof parsed === 'string' ? parsed : null;
}

/**
 * Throws a TypeError saying why `subject` is invalid.
 * @param {unknown} subject
 */
export function checkSubject(subject) {
  parseSubject(subject);
}

/** Whether `text` has no unpaired surrogate, i.e. encodes to UTF-8 without loss. */
export function isWellFormed(text) {
  return !UNPAIRED_SURROGATE.test(text);
}

/** The parsed subject, or the reason it is invalid. */
function analyze(subject) {
  if (typeof subject !== 'string') return 'a subject is a string';
  if (!subject.startsWith('/')) return "a subject must start with '/'";
  // TextEncoder writes an unpaired surrogate as U+FFFD, 3 bytes: the count Java makes too.
  const bytes = encoder.encode(subject).length;
  if (bytes < SUBJECT_MIN_BYTES || bytes > SUBJECT_MAX_BYTES) {
    return `a subject must be ${SUBJECT_MIN_BYTES} to ${SUBJECT_MAX_BYTES} UTF-8 bytes, was ${bytes}`;
  }
  const slash = subject.indexOf('/', 1);
  const topic = slash < 0 ? subject.slice(1) : subject.slice(1, slash);
  const key = slash < 0 ? null : subject.slice(slash + 1);
  const topicError = checkTopic(topic);
  if (topicError !== null) return topicError;
  if (key !== null) {
    if (CONTROL.test(key)) return `control character ${describe(key.match(CONTROL)[0])}`;
    if (!isWellFormed(key)) return 'unpaired surrogate: not UTF-8';
    if (key.split('/').some((segment) => segment.length === 0)) return 'empty segment';
  }
  return { subject, topic, key };
}

function checkTopic(topic) {
  if (topic.length === 0) return 'empty segment';
  if (topic.length > TOPIC_MAX_LENGTH) return `topic segment longer than ${TOPIC_MAX_LENGTH} characters`;
  for (const c of topic) {
    if (!TOPIC_CHAR.test(c)) {
      return `first segment must be a Kafka topic name of [a-zA-Z0-9._-], found ${describe(c)}`;
    }
  }
  return null;
}

function describe(c) {
  return 'U+' + c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
}
