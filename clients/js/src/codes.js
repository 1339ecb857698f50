// Error codes, close codes and shared limits of PROTOCOL.md; docs/protocol/vectors/codes.json and
// limits.json hold the same, and the tests check both ways.

/** The codes of `error` frames (PROTOCOL.md). */
export const ERROR_CODES = Object.freeze([
  'BAD_REQUEST',
  'INVALID_SUBJECT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'TOO_MANY_SUBJECTS',
  'PUBLISH_TIMEOUT',
  'PUBLISH_FAILED',
  'OVERLOADED',
  'UNKNOWN_TYPE',
]);

/** The WebSocket close codes of PROTOCOL.md. */
export const CloseCode = Object.freeze({
  NORMAL: 1000,
  GOING_AWAY: 1001,
  MESSAGE_TOO_BIG: 1009,
  INTERNAL_ERROR: 1011,
  UNAUTHENTICATED: 4001,
  SLOW_CONSUMER: 4008,
  TOO_MANY_REQUESTS: 4029,
});

/**
 * What WebSocket stacks report when a connection ends without a close frame; never sent. The client
 * reports it too when it gives up on a silent edge.
 */
export const CLOSE_ABNORMAL = 1006;

/** The client's own bound on publishes queued or awaiting their ack; the edge's default too. */
export const DEFAULT_MAX_PENDING_PUBLISHES = 10000;

/** Largest frame, UTF-8 bytes: the edge's default --max-frame-bytes. */
export const DEFAULT_MAX_FRAME_BYTES = 65536;

/** Largest `history` of a subscribe entry. */
export const HISTORY_MAX = 2147483647;

/**
 * How a client reacts to a close code. reconnect: 'soon' (the next edge after a short random
 * spread, without growing the backoff, when the connection had been stable; else as 'backoff'),
 * 'backoff' (the next edge after the exponential backoff) or 'never' (stop until the application
 * connects again). stableResetsBackoff: whether a connection that had stayed open long enough
 * resets the backoff (not for overload: a client the edge sheds keeps backing off).
 * @param {number} code
 * @returns {{reconnect: 'soon' | 'backoff' | 'never', stableResetsBackoff: boolean}}
 */
export function closeReaction(code) {
  switch (code) {
    case CloseCode.UNAUTHENTICATED:
      return { reconnect: 'never', stableResetsBackoff: false };
    case CloseCode.GOING_AWAY:
      return { reconnect: 'soon', stableResetsBackoff: true };
    case CloseCode.SLOW_CONSUMER:
    case CloseCode.TOO_MANY_REQUESTS:
      return { reconnect: 'backoff', stableResetsBackoff: false };
    default:
      return { reconnect: 'backoff', stableResetsBackoff: true };
  }
}
