// The JSON frames of PROTOCOL.md as this client writes and reads them: client frames in their
// canonical form (type first, absent optional fields omitted: the text the Java codec writes too),
// edge frames strictly, so that a broken frame is reported instead of acted on. The cases are in
// docs/protocol/vectors/client-frames.json and edge-frames.json.

import { ERROR_CODES } from './codes.js';
import { isWellFormed, subjectError } from './subject.js';

const RECOVERIES = Object.freeze(['complete', 'partial', 'none']);

/** A frame that cannot be decoded; `code` is the protocol error code that classifies it. */
export class FrameError extends Error {
  /**
   * @param {string} code BAD_REQUEST, INVALID_SUBJECT or UNKNOWN_TYPE
   * @param {string} message
   */
  constructor(code, message) {
    super(message);
    this.name = 'FrameError';
    this.code = code;
  }
}

/**
 * The text of a client frame, e.g. {type: 'publish', id, subject, content}. Subscribe entries are
 * {subject, from?, fromTimestamp?, history?}; a null `from`, an absent `fromTimestamp` and a zero
 * `history` are left out.
 * @param {object} frame
 * @returns {string}
 */
export function encodeClientFrame(frame) {
  switch (frame.type) {
    case 'subscribe':
      return JSON.stringify({ type: frame.type, id: frame.id, subjects: frame.subjects.map(subscription) });
    case 'unsubscribe':
      return JSON.stringify({ type: frame.type, id: frame.id, subjects: [...frame.subjects] });
    case 'publish':
      return JSON.stringify({ type: frame.type, id: frame.id, subject: frame.subject, content: frame.content });
    case 'publishBatch':
      return JSON.stringify({
        type: frame.type,
        id: frame.id,
        messages: frame.messages.map((m) => ({ id: m.id, subject: m.subject, content: m.content })),
      });
    case 'ping':
      return JSON.stringify({ type: frame.type, id: frame.id });
    case 'auth':
      return JSON.stringify({ type: frame.type, token: frame.token });
    default:
      throw new TypeError(`not a client frame type: ${JSON.stringify(frame.type)}`);
  }
}

function subscription(s) {
  const entry = { subject: s.subject };
  if (s.from !== undefined && s.from !== null) entry.from = { epoch: s.from.epoch, seq: s.from.seq };
  if (s.fromTimestamp !== undefined && s.fromTimestamp !== null) entry.fromTimestamp = s.fromTimestamp;
  if (s.history) entry.history = s.history;
  return entry;
}

/**
 * Decodes an edge frame, filling in what absent optional fields mean (head null, error id null).
 * Throws a FrameError: UNKNOWN_TYPE for a type this client does not know (a newer edge may send
 * one: ignore it), BAD_REQUEST or INVALID_SUBJECT for a broken frame.
 * @param {string} text
 * @returns {object}
 */
export function decodeEdgeFrame(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new FrameError('BAD_REQUEST', `malformed JSON: ${e.message}`);
  }
  const f = new Fields(value, '');
  const type = f.string('type');
  switch (type) {
    case 'welcome': {
      const limits = new Fields(f.required('limits'), 'limits');
      return {
        type,
        limits: {
          maxPendingPublishes: limits.positiveInteger('maxPendingPublishes'),
          framesPerSecond: limits.positiveInteger('framesPerSecond'),
          maxFrameBytes: limits.positiveInteger('maxFrameBytes'),
          maxBatch: limits.positiveInteger('maxBatch'),
        },
      };
    }
    case 'subscribed': {
      const recovery = f.oneOf('recovery', RECOVERIES);
      const frame = {
        type,
        id: f.string('id'),
        subject: f.subject('subject'),
        recovery,
        head: f.optionalPosition('head'),
        reason: f.optionalString('reason'),
      };
      if (frame.reason !== null && recovery !== 'partial') {
        throw f.bad('reason', 'comes only with recovery partial');
      }
      return frame;
    }
    case 'message':
      return {
        type,
        subject: f.subject('subject'),
        epoch: f.safeInteger('epoch'),
        seq: f.safeInteger('seq'),
        content: f.string('content'),
        timestamp: f.safeInteger('timestamp'),
        replay: f.boolean('replay'),
      };
    case 'published':
      return { type, id: f.string('id'), subject: f.subject('subject'), epoch: f.safeInteger('epoch'), seq: f.safeInteger('seq') };
    case 'pong':
      return { type, id: f.string('id') };
    case 'error':
      return {
        type,
        id: f.optionalString('id'),
        code: f.oneOf('code', ERROR_CODES),
        message: f.string('message'),
        subject: f.optionalString('subject') === null ? null : f.subject('subject'),
      };
    default:
      throw new FrameError('UNKNOWN_TYPE', `unknown frame type: ${JSON.stringify(type)}`);
  }
}

/** Typed access to one JSON object of a frame; errors name the field's path. */
class Fields {
  constructor(value, path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new FrameError('BAD_REQUEST', path === '' ? 'a frame must be a JSON object' : `${path} must be an object`);
    }
    this.value = value;
    this.path = path;
  }

  string(name) {
    const v = this.required(name);
    if (typeof v !== 'string') throw this.bad(name, 'must be a string');
    if (!isWellFormed(v)) throw this.bad(name, 'is not valid Unicode (unpaired surrogate)');
    return v;
  }

  optionalString(name) {
    return this.value[name] === undefined || this.value[name] === null ? null : this.string(name);
  }

  subject(name) {
    const v = this.string(name);
    const error = subjectError(v);
    if (error !== null) {
      throw new FrameError('INVALID_SUBJECT', `${this.qualified(name)} ${JSON.stringify(v)} is not a valid subject: ${error}`);
    }
    return v;
  }

  safeInteger(name) {
    const v = this.required(name);
    if (typeof v !== 'number' || !Number.isInteger(v)) throw this.bad(name, 'must be an integer');
    if (v < 0 || v > Number.MAX_SAFE_INTEGER) throw this.bad(name, `must be in 0..${Number.MAX_SAFE_INTEGER}`);
    return v;
  }

  positiveInteger(name) {
    const v = this.required(name);
    if (typeof v !== 'number' || !Number.isInteger(v)) throw this.bad(name, 'must be an integer');
    if (v < 1 || v > 2147483647) throw this.bad(name, 'must be in 1..2147483647');
    return v;
  }

  boolean(name) {
    const v = this.required(name);
    if (typeof v !== 'boolean') throw this.bad(name, 'must be a boolean');
    return v;
  }

  oneOf(name, values) {
    const v = this.string(name);
    if (!values.includes(v)) throw this.bad(name, `must be one of ${values.join(', ')}, was ${JSON.stringify(v)}`);
    return v;
  }

  optionalPosition(name) {
    const v = this.value[name];
    if (v === undefined || v === null) return null;
    const position = new Fields(v, this.qualified(name));
    return { epoch: position.safeInteger('epoch'), seq: position.safeInteger('seq') };
  }

  required(name) {
    const v = this.value[name];
    if (v === undefined || v === null) throw this.bad(name, 'is missing');
    return v;
  }

  bad(name, problem) {
    return new FrameError('BAD_REQUEST', `${this.qualified(name)} ${problem}`);
  }

  qualified(name) {
    return this.path === '' ? name : `${this.path}.${name}`;
  }
}
