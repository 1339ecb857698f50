// Herald JavaScript client: browsers and Node 20+, no dependencies, no build step.
// Speaks the WebSocket protocol of PROTOCOL.md (version 1).

import { Backoff } from './backoff.js';
import {
  CLOSE_ABNORMAL,
  CloseCode,
  DEFAULT_MAX_FRAME_BYTES,
  DEFAULT_MAX_PENDING_PUBLISHES,
  HISTORY_MAX,
  closeReaction,
} from './codes.js';
import { FrameError, decodeEdgeFrame, encodeClientFrame } from './frames.js';
import { comparePositions, isPosition } from './position.js';
import { PublishQueue } from './publish-queue.js';
import { checkSubject, isWellFormed } from './subject.js';

export { CloseCode, ERROR_CODES } from './codes.js';
export { comparePositions } from './position.js';
export { parseSubject, subjectError } from './subject.js';

const OPEN = 1;

/** An error with a typed code: one of PROTOCOL.md's error codes, or a client-side one. */
export class HeraldError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {{id?: string, subject?: string}} [details]
   */
  constructor(code, message, details = {}) {
    super(`${code}: ${message}`);
    this.name = 'HeraldError';
    this.code = code;
    this.id = details.id;
    this.subject = details.subject;
  }
}

/**
 * A connection to a set of interchangeable Herald edges. It connects to one edge at a time, moves
 * to the next one when the connection drops (exponential backoff with jitter), and resubscribes
 * every subject from the last position it delivered, so that messages arrive in order, without
 * duplicates, and with no gap when the edge can prove it (recovery "complete").
 */
export class HeraldClient {
  /** @param {import('./herald.js').HeraldOptions} options */
  constructor(options) {
    if (options === null || typeof options !== 'object') throw new TypeError('options are required');
    const urls = typeof options.urls === 'string' ? [options.urls] : options.urls;
    if (!Array.isArray(urls) || urls.length === 0) {
      throw new TypeError('options.urls is a non-empty list of ws:// or wss:// URLs');
    }
    this._urls = urls.map(checkUrl);
    this._WebSocket = options.WebSocket ?? globalThis.WebSocket;
    if (typeof this._WebSocket !== 'function') {
      throw new TypeError(
        'no WebSocket implementation: pass options.WebSocket (e.g. the ws package on Node 20)',
      );
    }
    this._token = options.token;
    this._random = options.random ?? Math.random;
    this._timers = options.timers ?? {
      // Wrapped: browsers throw "Illegal invocation" when setTimeout is called with another `this`.
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (handle) => clearTimeout(handle),
      now: () => Date.now(),
    };
    this._backoff = new Backoff(options.backoff, this._random);
    this._publishTimeoutMs = options.publishTimeoutMs ?? 10000;
    this._maxPendingPublishes = options.maxPendingPublishes ?? DEFAULT_MAX_PENDING_PUBLISHES;
    if (!(Number.isInteger(this._maxPendingPublishes) && this._maxPendingPublishes >= 1)) {
      throw new RangeError('options.maxPendingPublishes is a positive integer');
    }
    this._maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this._heartbeatMs = options.heartbeatMs ?? 20000;
    this._heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 10000;
    this._stableMs = options.stableMs ?? 5000;
    // A crowd of clients spreads over the edges unless the application picks the first one.
    this._index = options.startIndex ?? Math.floor(this._random() * this._urls.length);
    if (!(Number.isInteger(this._index) && this._index >= 0 && this._index < this._urls.length)) {
      throw new RangeError('options.startIndex is an index into options.urls');
    }

    this._listeners = new Map();
    /** subject -> {subject, listeners, history, last, recovery} */
    this._subscriptions = new Map();
    /** request id -> subject, for subscribe requests awaiting their answer */
    this._subscribeRequests = new Map();
    this._idPrefix = randomIdPrefix(options.randomBytes ?? ((bytes) => globalThis.crypto.getRandomValues(bytes)));
    this._nextId = 0;
    this._publishes = new PublishQueue({
      max: this._maxPendingPublishes,
      maxFrameBytes: this._maxFrameBytes,
      timers: this._timers,
      send: (text) => this._sendRaw(text),
      newId: () => this._idPrefix + 'b' + ++this._nextId,
    });
    this._ws = null;
    this._state = 'idle';
    this._reconnectTimer = null;
    this._heartbeatTimer = null;
    this._openedAt = 0;
    this._duplicatesDropped = 0;
  }

  /** The current state: idle, connecting, open, reconnecting, failed or closed. */
  get state() {
    return this._state;
  }

  /** The URL of the edge in use (or being connected to). */
  get url() {
    return this._urls[this._index];
  }

  /** How many duplicate or stale messages were dropped instead of delivered. */
  get duplicatesDropped() {
    return this._duplicatesDropped;
  }

  /** Connects (after construction, after close(), or after a 4001 "failed" state). */
  connect() {
    if (this._state === 'idle' || this._state === 'failed' || this._state === 'closed') {
      this._backoff.reset();
      this._open();
    }
    return this;
  }

  /** Leaves the current edge now and connects to the next one, resuming every subscription. */
  reconnect() {
    if (this._state !== 'open' && this._state !== 'connecting') return;
    this._detach(CloseCode.NORMAL, 'client moves to another edge');
    this._onClose(CloseCode.GOING_AWAY, 'client moves to another edge', true);
  }

  /** Closes the connection for good; pending publishes are rejected with code CLOSED. */
  close() {
    this._state = 'closed';
    this._timers.clearTimeout(this._reconnectTimer);
    this._detach(CloseCode.NORMAL, 'client closed');
    for (const p of this._publishes.removeAll()) {
      this._timers.clearTimeout(p.timer);
      p.reject(new HeraldError('CLOSED', 'the client was closed', { id: p.id }));
    }
    this._emit('state', { state: 'closed', url: this.url });
  }

  /**
   * Listens to an event: state, recovery, gap, error. Returns a function that removes the listener.
   * @param {string} event
   * @param {(detail: any) => void} listener
   */
  on(event, listener) {
    if (!this._listeners.has(event)) this._listeners.set(event, new Set());
    this._listeners.get(event).add(listener);
    return () => this.off(event, listener);
  }

  off(event, listener) {
    this._listeners.get(event)?.delete(listener);
  }

  /**
   * Subscribes to a subject. The options apply when this is the first listener of the subject.
   * @param {string} subject
   * @param {(message: object) => void} onMessage
   * @param {{from?: {epoch: number, seq: number}, fromTimestamp?: number, history?: number}} [options]
   *   `fromTimestamp`: the `timestamp` of the message at `from`, so that an edge whose cache no
   *   longer reaches back can read Kafka from there (deep recovery)
   */
  subscribe(subject, onMessage, options = {}) {
    checkSubject(subject);
    if (typeof onMessage !== 'function') throw new TypeError('onMessage is a function');
    if (options.from !== undefined && !isPosition(options.from)) {
      throw new TypeError('options.from is a position {epoch, seq} of safe non-negative integers');
    }
    if (options.fromTimestamp !== undefined
        && !(options.from !== undefined && Number.isSafeInteger(options.fromTimestamp) && options.fromTimestamp >= 0)) {
      throw new TypeError('options.fromTimestamp is a safe non-negative integer, given with options.from');
    }
    if (options.history !== undefined && !(Number.isInteger(options.history) && options.history >= 0 && options.history <= HISTORY_MAX)) {
      throw new TypeError(`options.history is an integer in 0..${HISTORY_MAX}`);
    }
    let entry = this._subscriptions.get(subject);
    if (entry === undefined) {
      entry = {
        subject,
        listeners: new Set(),
        history: options.history,
        last: options.from ? { epoch: options.from.epoch, seq: options.from.seq } : null,
        lastTimestamp: options.fromTimestamp ?? null,
        recovery: null,
      };
      this._subscriptions.set(subject, entry);
      this._sendSubscribe(entry);
    }
    entry.listeners.add(onMessage);
    return {
      subject,
      /** The position of the last message delivered on this subject, or null. */
      get position() {
        return entry.last;
      },
      /** The recovery status of the latest subscribe on this subject. */
      get recovery() {
        return entry.recovery;
      },
      unsubscribe: () => this._unsubscribe(entry, onMessage),
    };
  }

  /**
   * Publishes `content` on `subject`. Resolves with {id, subject, epoch, seq} once the message is
   * sequenced and committed; rejects with a HeraldError. A publish made while no edge is connected
   * is sent once the next connection opens, and so is one whose connection dropped before its ack,
   * with the same id: the sequencer recognises a resend of a publish it already sequenced and the
   * edge answers it with the original position, so each publish is committed once (within the
   * job's de-duplication window, 10 min by default). Only publishTimeoutMs, counted from the
   * first try, ends a publish without an ack. Publishes queue in the client and go out as fast as
   * the edge allows (its welcome frame says how fast), several per frame; the promise rejects at
   * once with OVERLOADED only when the client's own queue (maxPendingPublishes, 10,000 by
   * default) is full.
   * @param {string} subject
   * @param {string} content
   */
  publish(subject, content) {
    checkSubject(subject);
    if (typeof content !== 'string') throw new TypeError('content is a string');
    if (!isWellFormed(content)) throw new TypeError('content is not valid Unicode (unpaired surrogate)');
    const id = this._idPrefix + ++this._nextId;
    const frame = encodeClientFrame({ type: 'publish', id, subject, content });
    const bytes = utf8Length(frame);
    if (bytes > this._maxFrameBytes) {
      return Promise.reject(new HeraldError('FRAME_TOO_LARGE', `over ${this._maxFrameBytes} bytes`, { id, subject }));
    }
    if (this._state === 'closed') {
      return Promise.reject(new HeraldError('CLOSED', 'the client was closed', { id, subject }));
    }
    let settle;
    const promise = new Promise((resolve, reject) => {
      settle = { resolve, reject };
    });
    const pending = { id, subject, content, frame, bytes, ...settle, timer: null };
    if (!this._publishes.add(pending)) {
      return Promise.reject(
        new HeraldError(
          'OVERLOADED',
          `${this._maxPendingPublishes} publishes already queued or awaiting their ack (maxPendingPublishes): wait for acks before publishing more`,
          { id, subject },
        ),
      );
    }
    pending.timer = this._timers.setTimeout(() => {
      if (this._publishes.take(id) === undefined) return;
      pending.reject(new HeraldError('PUBLISH_TIMEOUT', `no ack within ${this._publishTimeoutMs} ms`, { id, subject }));
      this._publishes.drain();
    }, this._publishTimeoutMs);
    return promise;
  }

  // ---- connection lifecycle ----

  _open() {
    const url = this.url;
    this._setState('connecting', { url });
    let ws;
    try {
      ws = new this._WebSocket(url);
    } catch (e) {
      this._ws = null;
      this._onClose(CLOSE_ABNORMAL, String(e?.message ?? e));
      return;
    }
    this._ws = ws;
    ws.onopen = () => {
      if (ws !== this._ws) return;
      this._openedAt = this._timers.now();
      this._setState('open', { url });
      // The token goes in the first frame, not the URL: URLs end up in proxies' and balancers' logs.
      const token = this._currentToken();
      if (token !== null) this._sendRaw(encodeClientFrame({ type: 'auth', token }));
      for (const entry of this._subscriptions.values()) this._sendSubscribe(entry);
      this._publishes.connected();
      this._armHeartbeat();
    };
    ws.onmessage = (event) => {
      if (ws !== this._ws) return;
      this._armHeartbeat();
      this._onFrame(typeof event.data === 'string' ? event.data : String(event.data));
    };
    ws.onclose = (event) => {
      if (ws !== this._ws) return;
      this._ws = null;
      this._onClose(event.code, event.reason);
    };
    ws.onerror = () => {
      // A close event always follows; it carries the code.
    };
  }

  _onClose(code, reason, immediate = false) {
    this._timers.clearTimeout(this._heartbeatTimer);
    if (this._state === 'closed') return;
    const url = this.url;
    const wasOpenFor = this._openedAt > 0 ? this._timers.now() - this._openedAt : 0;
    this._openedAt = 0;
    for (const entry of this._subscriptions.values()) entry.recovery = null;
    this._subscribeRequests.clear();
    // Publishes sent on this connection without an ack go out again, same ids, on the next one.
    this._publishes.disconnected();
    const reaction = closeReaction(code);
    if (reaction.reconnect === 'never') {
      this._setState('failed', { url, code, reason });
      this._emit('error', new HeraldError('UNAUTHENTICATED', reason || `the edge closed with ${code}`));
      return;
    }
    const stable = wasOpenFor >= this._stableMs;
    if (stable && reaction.stableResetsBackoff) this._backoff.reset();
    const delayMs = immediate
      ? 0
      : reaction.reconnect === 'soon' && stable
        ? Math.round(this._random() * this._backoff.initialMs)
        : this._backoff.next();
    this._index = (this._index + 1) % this._urls.length;
    this._setState('reconnecting', { url: this.url, previousUrl: url, code, reason, delayMs });
    this._reconnectTimer = this._timers.setTimeout(() => {
      if (this._state === 'reconnecting') this._open();
    }, delayMs);
  }

  /** Stops using the current socket now; its late events are ignored. */
  _detach(code, reason) {
    this._timers.clearTimeout(this._heartbeatTimer);
    const ws = this._ws;
    this._ws = null;
    if (ws) {
      try {
        ws.close(code, reason);
      } catch {
        // Already closing.
      }
    }
  }

  _armHeartbeat() {
    this._timers.clearTimeout(this._heartbeatTimer);
    if (this._heartbeatMs <= 0) return;
    this._heartbeatTimer = this._timers.setTimeout(() => {
      this._sendRaw(encodeClientFrame({ type: 'ping', id: this._idPrefix + 'ping' }));
      this._heartbeatTimer = this._timers.setTimeout(() => {
        // Closed normally from this side; reported as a dropped connection, as it is one.
        this._detach(CloseCode.NORMAL, 'heartbeat timeout');
        this._onClose(CLOSE_ABNORMAL, 'heartbeat timeout');
      }, this._heartbeatTimeoutMs);
    }, this._heartbeatMs);
  }

  /** The token to send now (the function is called at each connect so it may refresh), or null. */
  _currentToken() {
    const token = typeof this._token === 'function' ? this._token() : this._token;
    return token === undefined || token === null || token === '' ? null : token;
  }

  // ---- frames ----

  _onFrame(text) {
    let frame;
    try {
      frame = decodeEdgeFrame(text);
    } catch (e) {
      if (!(e instanceof FrameError)) throw e;
      // A newer edge may send frame types this client does not know.
      if (e.code !== 'UNKNOWN_TYPE') {
        this._emit('error', new HeraldError('BAD_FRAME', `undecodable frame from ${this.url}: ${e.message}`));
      }
      return;
    }
    switch (frame.type) {
      case 'welcome':
        this._publishes.welcome(frame.limits);
        break;
      case 'message':
        this._onMessage(frame);
        break;
      case 'subscribed':
        this._onSubscribed(frame);
        break;
      case 'published':
        this._settle(frame.id, (p) => p.resolve({ id: frame.id, subject: frame.subject, epoch: frame.epoch, seq: frame.seq }));
        break;
      case 'error':
        this._onError(frame);
        break;
      default:
        // pong: nothing to do beyond the heartbeat already re-armed.
        break;
    }
  }

  _onMessage(frame) {
    const entry = this._subscriptions.get(frame.subject);
    if (entry === undefined) return;
    const position = { epoch: frame.epoch, seq: frame.seq };
    if (entry.last !== null) {
      if (comparePositions(position, entry.last) <= 0) {
        this._duplicatesDropped++;
        return;
      }
      if (position.epoch === entry.last.epoch && position.seq !== entry.last.seq + 1) {
        this._emit('gap', { subject: entry.subject, after: entry.last, position });
      }
    }
    entry.last = position;
    entry.lastTimestamp = frame.timestamp;
    const message = {
      subject: frame.subject,
      epoch: frame.epoch,
      seq: frame.seq,
      content: frame.content,
      timestamp: frame.timestamp,
      replay: frame.replay,
    };
    for (const listener of [...entry.listeners]) {
      try {
        listener(message);
      } catch (e) {
        this._emit('error', new HeraldError('LISTENER_FAILED', String(e?.stack ?? e), { subject: entry.subject }));
      }
    }
  }

  _onSubscribed(frame) {
    const subject = this._subscribeRequests.get(frame.id);
    this._subscribeRequests.delete(frame.id);
    const entry = this._subscriptions.get(frame.subject);
    if (entry === undefined || subject !== frame.subject) return;
    const head = frame.head;
    const from = entry.requestedFrom;
    // A live subscription resumes after what existed when it started, not from "now" again.
    if (entry.last === null && entry.requestedHistory === undefined && head !== null) {
      entry.last = head;
      entry.lastTimestamp = null;
    }
    entry.recovery = frame.recovery;
    const reason = frame.reason;
    this._emit('recovery', { subject: entry.subject, recovery: frame.recovery, reason, from, head, url: this.url });
  }

  _onError(frame) {
    const error = new HeraldError(frame.code, frame.message, { id: frame.id ?? undefined });
    if (frame.id !== null && this._publishes.get(frame.id) !== undefined) {
      error.subject = this._publishes.get(frame.id).subject;
      this._settle(frame.id, (p) => p.reject(error));
      return;
    }
    const subject = frame.subject ?? this._subscribeRequests.get(frame.id);
    if (subject !== undefined) {
      // A refused subscribe, or a subscription the edge ended (a refreshed token no longer allows it).
      this._subscribeRequests.delete(frame.id);
      this._subscriptions.delete(subject);
      error.subject = subject;
    }
    this._emit('error', error);
  }

  _settle(id, action) {
    const p = this._publishes.take(id);
    if (p === undefined) return;
    this._timers.clearTimeout(p.timer);
    action(p);
    this._publishes.drain();
  }

  _sendSubscribe(entry) {
    if (!this._isOpen()) return;
    const id = this._idPrefix + ++this._nextId;
    const request = { subject: entry.subject };
    entry.requestedFrom = entry.last;
    entry.requestedHistory = undefined;
    if (entry.last !== null) {
      request.from = entry.last;
      if (entry.lastTimestamp !== null) request.fromTimestamp = entry.lastTimestamp;
    } else if (entry.history !== undefined) {
      request.history = entry.history;
      entry.requestedHistory = entry.history;
    }
    this._subscribeRequests.set(id, entry.subject);
    this._sendRaw(encodeClientFrame({ type: 'subscribe', id, subjects: [request] }));
  }

  _unsubscribe(entry, listener) {
    entry.listeners.delete(listener);
    if (entry.listeners.size > 0 || this._subscriptions.get(entry.subject) !== entry) return;
    this._subscriptions.delete(entry.subject);
    if (this._isOpen()) {
      this._sendRaw(encodeClientFrame({ type: 'unsubscribe', id: this._idPrefix + ++this._nextId, subjects: [entry.subject] }));
    }
  }

  _isOpen() {
    return this._ws !== null && this._ws.readyState === OPEN;
  }

  /** Sends `text` when a connection is open; returns whether it was sent. */
  _sendRaw(text) {
    if (!this._isOpen()) return false;
    this._ws.send(text);
    return true;
  }

  _setState(state, detail) {
    this._state = state;
    this._emit('state', { state, ...detail });
  }

  _emit(event, detail) {
    for (const listener of [...(this._listeners.get(event) ?? [])]) listener(detail);
  }
}

/** UTF-8 length of well-formed text: a surrogate pair is 4 bytes, 2 per UTF-16 unit. */
function utf8Length(text) {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 2 : 3;
  }
  return bytes;
}

function checkUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`not a URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new TypeError(`not a ws:// or wss:// URL: ${JSON.stringify(url)}`);
  }
  return parsed.toString();
}

/**
 * A publish id prefix with 128 random bits (base 36), unique per client: publish ids are the
 * message-id by which the sequencer recognises a resent publish among every publish of the same
 * publisher (PROTOCOL.md).
 */
function randomIdPrefix(randomBytes) {
  const words = randomBytes(new Uint32Array(4));
  return Array.from(words, (w) => w.toString(36)).join('') + '-';
}
