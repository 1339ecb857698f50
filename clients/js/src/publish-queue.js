// The client's local publish queue, sent within the edge's limits (PROTOCOL.md, "welcome").

import { encodeClientFrame } from './frames.js';

/** What an edge that sends no welcome allows by default, one publish per frame. */
export const BEFORE_WELCOME = Object.freeze({
  maxPendingPublishes: 100,
  framesPerSecond: 1000,
  maxFrameBytes: 65536,
  maxBatch: 1,
});

/** Room kept in a batch frame for its envelope: type, batch id, brackets. */
const BATCH_ENVELOPE_BYTES = 128;

/**
 * Publishes awaiting their ack, bounded (`max`), in publish order. Unsent ones go out as the edge's
 * limits allow: no more in flight than its maxPendingPublishes, several per frame (publishBatch) up
 * to its maxBatch and frame size, frames at most half its framesPerSecond (the rest is left to
 * subscribes, pings and the edge's burst allowance), so a fast publisher is never refused for its
 * pace. Sent ones go out again, with the same ids, when their connection is lost.
 */
export class PublishQueue {
  /**
   * @param {{max: number, maxFrameBytes: number, timers: {setTimeout: Function, clearTimeout: Function, now: () => number},
   *   send: (text: string) => boolean, newId: () => string}} options
   */
  constructor({ max, maxFrameBytes, timers, send, newId }) {
    this._max = max;
    this._maxFrameBytes = maxFrameBytes;
    this._timers = timers;
    this._send = send;
    this._newId = newId;
    /** id -> {id, subject, content, frame, bytes, sent, ...the caller's fields} */
    this._byId = new Map();
    this._unsent = [];
    this._head = 0;
    this._inFlight = 0;
    this._open = false;
    this._limits = BEFORE_WELCOME;
    this._tokens = 0;
    this._last = 0;
    this._timer = null;
  }

  get size() {
    return this._byId.size;
  }

  get(id) {
    return this._byId.get(id);
  }

  /** Queues a publish; false (nothing queued) when `max` are already queued or awaiting their ack. */
  add(pending) {
    if (this._byId.size >= this._max) return false;
    pending.sent = false;
    this._byId.set(pending.id, pending);
    this._unsent.push(pending);
    this.drain();
    return true;
  }

  /** Removes and returns the publish with this id (answered or timed out), or undefined. */
  take(id) {
    const p = this._byId.get(id);
    if (p === undefined) return undefined;
    this._byId.delete(id);
    if (p.sent) this._inFlight--;
    return p;
  }

  /** A connection opened: the limits of an edge that has not said its own yet. */
  connected() {
    this._open = true;
    this._adopt(BEFORE_WELCOME);
  }

  /** The edge's welcome limits. */
  welcome(limits) {
    this._adopt(limits);
  }

  /**
   * The connection is gone: the sent publishes become unsent again, to go out before the others on
   * the next connection with the same ids, all in publish order. Returns how many were sent.
   */
  disconnected() {
    this._open = false;
    this._timers.clearTimeout(this._timer);
    this._timer = null;
    const resent = this._inFlight;
    this._unsent = [];
    this._head = 0;
    for (const p of this._byId.values()) {
      p.sent = false;
      this._unsent.push(p);
    }
    this._inFlight = 0;
    return resent;
  }

  /** Removes and returns every publish. */
  removeAll() {
    const all = [...this._byId.values()];
    this.disconnected();
    this._byId.clear();
    this._unsent = [];
    this._head = 0;
    return all;
  }

  /** Sends what the limits allow now; a timer resumes when the pace holds frames back. */
  drain() {
    while (this._open && this._timer === null && this._hasUnsent()) {
      const room = Math.min(this._limits.maxPendingPublishes - this._inFlight, this._limits.maxBatch);
      if (room <= 0) return;
      const wait = this._reserveFrame();
      if (wait > 0) {
        this._timer = this._timers.setTimeout(() => {
          this._timer = null;
          this.drain();
        }, wait);
        return;
      }
      const batch = this._takeUnsent(room, Math.min(this._limits.maxFrameBytes, this._maxFrameBytes) - BATCH_ENVELOPE_BYTES);
      const text = batch.length === 1
        ? batch[0].frame
        : encodeClientFrame({ type: 'publishBatch', id: this._newId(), messages: batch });
      if (!this._send(text)) {
        // The socket is not open after all: what was taken goes out on the next connection.
        for (const p of batch) {
          p.sent = false;
          this._inFlight--;
        }
        this._unsent.splice(this._head, 0, ...batch);
        return;
      }
    }
  }

  _adopt(limits) {
    this._limits = limits;
    this._tokens = this._burst();
    this._last = this._timers.now();
    this.drain();
  }

  _rate() {
    return Math.max(1, Math.floor(this._limits.framesPerSecond / 2));
  }

  _burst() {
    return Math.max(1, this._rate() / 10);
  }

  /** Milliseconds until a frame may go (0: now, counted as sent). */
  _reserveFrame() {
    const now = this._timers.now();
    const perMs = this._rate() / 1000;
    this._tokens = Math.min(this._burst(), this._tokens + (now - this._last) * perMs);
    this._last = now;
    if (this._tokens >= 1) {
      this._tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this._tokens) / perMs));
  }

  _hasUnsent() {
    while (this._head < this._unsent.length && this._byId.get(this._unsent[this._head].id) !== this._unsent[this._head]) {
      this._head++;
    }
    if (this._head > 1024 && this._head * 2 > this._unsent.length) {
      this._unsent = this._unsent.slice(this._head);
      this._head = 0;
    }
    return this._head < this._unsent.length;
  }

  _takeUnsent(maxCount, maxBytes) {
    const out = [];
    let bytes = 0;
    while (out.length < maxCount && this._hasUnsent()) {
      const p = this._unsent[this._head];
      bytes += p.bytes + 1;
      if (out.length > 0 && bytes > maxBytes) break;
      this._head++;
      p.sent = true;
      this._inFlight++;
      out.push(p);
    }
    return out;
  }
}
