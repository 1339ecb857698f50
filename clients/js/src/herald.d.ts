// TypeScript declarations for herald-client (src/herald.js).

/** A position {epoch, seq}; both are integers in 0 … 2^53−1, ordered by epoch, then seq. */
export interface Position {
  epoch: number;
  seq: number;
}

/** A message delivered to a subscriber, in position order per subject. */
export interface Message extends Position {
  subject: string;
  content: string;
  /** Milliseconds since 1970 at which the sequencer stamped the message. */
  timestamp: number;
  /** True for messages replayed from the edge's cache on (re)subscribe. */
  replay: boolean;
}

export interface BackoffOptions {
  /** Delay before the first retry after a failure, ms. Default 250. */
  initialMs?: number;
  /** Upper bound of any delay, ms. Default 10000. */
  maxMs?: number;
  /** Growth per consecutive failure. Default 2. */
  multiplier?: number;
  /** Fraction of each delay that is random: 0 none, 1 full jitter. Default 0.5. */
  jitter?: number;
}

export interface HeraldOptions {
  /** Edge URLs (ws:// or wss://, path /ws); the client uses one at a time and rotates on failure. */
  urls: string | string[];
  /** WebSocket constructor; defaults to globalThis.WebSocket (pass the ws package on Node 20). */
  WebSocket?: new (url: string) => any;
  /**
   * JWT sent in the first frame of each connection (`{"type":"auth"}`, never in the URL), or a
   * function returning the current one at each (re)connect.
   */
  token?: string | (() => string);
  /** Index of the first URL to try. Default: a random one, so that clients spread over the edges. */
  startIndex?: number;
  backoff?: BackoffOptions;
  /** Random source in [0, 1) for jitter and the first edge. Default Math.random. */
  random?: () => number;
  /**
   * Fills a Uint32Array with random values, for the 128-bit prefix that makes publish ids unique
   * per publisher. Default crypto.getRandomValues.
   */
  randomBytes?: (array: Uint32Array) => Uint32Array;
  /** Timer functions (injectable for tests). */
  timers?: {
    setTimeout(fn: () => void, ms: number): any;
    clearTimeout(handle: any): void;
    now(): number;
  };
  /** Rejects a publish with PUBLISH_TIMEOUT after this many ms without ack. Default 10000. */
  publishTimeoutMs?: number;
  /**
   * The client's own publish queue: publishes queued or awaiting their ack before publish()
   * rejects with OVERLOADED. Default 10000. The client sends no more at once than the edge allows
   * (its welcome frame says how many, how fast and how many per frame), so a larger bound only
   * queues more locally.
   */
  maxPendingPublishes?: number;
  /** Largest frame the client sends, bytes. Default 65536 (the edge's default). */
  maxFrameBytes?: number;
  /** Ping after this many ms without any frame from the edge (0 disables). Default 20000. */
  heartbeatMs?: number;
  /** Reconnect when no frame follows a ping within this many ms. Default 10000. */
  heartbeatTimeoutMs?: number;
  /** A connection open this long counts as healthy and resets the backoff. Default 5000. */
  stableMs?: number;
}

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'failed' | 'closed';
export type Recovery = 'complete' | 'partial' | 'none';

export interface StateEvent {
  state: ConnectionState;
  /** The edge in use, or the one the next attempt goes to (state reconnecting). */
  url: string;
  previousUrl?: string;
  /** WebSocket close code that caused a reconnect or failure. */
  code?: number;
  reason?: string;
  /** Delay before the next attempt (state reconnecting). */
  delayMs?: number;
}

export interface RecoveryEvent {
  subject: string;
  /** complete: nothing after `from` is missing; partial: the application must re-sync; none: no `from`. */
  recovery: Recovery;
  /**
   * Why the edge could not prove a partial recovery, when it says: retention, not-in-log, hole,
   * limit, busy, kafka-error, cache-moved (a newer edge may send others); null otherwise.
   */
  reason: string | null;
  from: Position | null;
  head: Position | null;
  url: string;
}

export interface GapEvent {
  subject: string;
  after: Position;
  position: Position;
}

export interface Published extends Position {
  id: string;
  subject: string;
}

export interface Subscription {
  readonly subject: string;
  /** Position of the last message delivered on this subject, or null. */
  readonly position: Position | null;
  /** Recovery status of the latest (re)subscribe, null while it is pending. */
  readonly recovery: Recovery | null;
  unsubscribe(): void;
}

/** The codes of error frames (PROTOCOL.md). */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'INVALID_SUBJECT'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'TOO_MANY_SUBJECTS'
  | 'PUBLISH_TIMEOUT'
  | 'PUBLISH_FAILED'
  | 'OVERLOADED'
  | 'UNKNOWN_TYPE';

export const ERROR_CODES: readonly ErrorCode[];

/** The WebSocket close codes of PROTOCOL.md. */
export const CloseCode: {
  readonly NORMAL: 1000;
  readonly GOING_AWAY: 1001;
  readonly MESSAGE_TOO_BIG: 1009;
  readonly INTERNAL_ERROR: 1011;
  readonly UNAUTHENTICATED: 4001;
  readonly SLOW_CONSUMER: 4008;
  readonly TOO_MANY_REQUESTS: 4029;
};

export class HeraldError extends Error {
  /**
   * A PROTOCOL.md error code, or CLOSED, OVERLOADED, FRAME_TOO_LARGE, BAD_FRAME (an undecodable
   * frame from the edge), LISTENER_FAILED. A publish whose connection drops is resent, not failed.
   */
  readonly code: ErrorCode | 'CLOSED' | 'FRAME_TOO_LARGE' | 'BAD_FRAME' | 'LISTENER_FAILED';
  readonly id?: string;
  readonly subject?: string;
}

export class HeraldClient {
  constructor(options: HeraldOptions);
  readonly state: ConnectionState;
  readonly url: string;
  readonly duplicatesDropped: number;
  connect(): this;
  /** Leaves the current edge now and connects to the next one, resuming every subscription. */
  reconnect(): void;
  close(): void;
  subscribe(
    subject: string,
    onMessage: (message: Message) => void,
    options?: { from?: Position; history?: number },
  ): Subscription;
  publish(subject: string, content: string): Promise<Published>;
  on(event: 'state', listener: (e: StateEvent) => void): () => void;
  on(event: 'recovery', listener: (e: RecoveryEvent) => void): () => void;
  on(event: 'gap', listener: (e: GapEvent) => void): () => void;
  on(event: 'error', listener: (e: HeraldError) => void): () => void;
  off(event: string, listener: (detail: any) => void): void;
}

export function comparePositions(a: Position, b: Position): number;
/** Why `subject` is not a valid subject, or null when it is. */
export function subjectError(subject: unknown): string | null;
/**
 * A subject's Kafka topic (first segment) and key (the rest, null for a one-segment subject); throws
 * a TypeError saying why an invalid subject is invalid.
 */
export function parseSubject(subject: unknown): { subject: string; topic: string; key: string | null };
