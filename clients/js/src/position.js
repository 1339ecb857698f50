// Positions (epoch, seq) from PROTOCOL.md, ordered by epoch, then seq.

/**
 * Compares two positions: negative when a < b, 0 when equal, positive when a > b.
 * @param {{epoch: number, seq: number}} a
 * @param {{epoch: number, seq: number}} b
 */
export function comparePositions(a, b) {
  return a.epoch !== b.epoch ? a.epoch - b.epoch : a.seq - b.seq;
}

/**
 * True when `value` is a position: two safe non-negative integers.
 * @param {unknown} value
 */
export function isPosition(value) {
  return (
    typeof value === 'object' &&
    value !== null &&
    Number.isSafeInteger(value.epoch) &&
    Number.isSafeInteger(value.seq) &&
    value.epoch >= 0 &&
    value.seq >= 0
  );
}
