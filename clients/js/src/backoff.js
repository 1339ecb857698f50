// Reconnect delays: exponential backoff with jitter, bounded. Randomness is injected so that the
// schedule is testable.

/**
 * @typedef {object} BackoffOptions
 * @property {number} [initialMs=250] delay before the first retry after a failure
 * @property {number} [maxMs=10000] upper bound of any delay
 * @property {number} [multiplier=2] growth per consecutive failure
 * @property {number} [jitter=0.5] fraction of the delay that is random (0 = none, 1 = full jitter)
 */

export class Backoff {
  /**
   * @param {BackoffOptions} [options]
   * @param {() => number} [random] returns a number in [0, 1)
   */
  constructor(options = {}, random = Math.random) {
    this.initialMs = options.initialMs ?? 250;
    this.maxMs = options.maxMs ?? 10000;
    this.multiplier = options.multiplier ?? 2;
    this.jitter = options.jitter ?? 0.5;
    if (!(this.initialMs >= 0 && this.maxMs >= this.initialMs && this.multiplier >= 1)) {
      throw new RangeError('backoff needs 0 <= initialMs <= maxMs and multiplier >= 1');
    }
    if (!(this.jitter >= 0 && this.jitter <= 1)) throw new RangeError('backoff jitter is in [0, 1]');
    this.random = random;
    this.failures = 0;
  }

  /** The delay before the next attempt; each call counts one more consecutive failure. */
  next() {
    const base = Math.min(this.maxMs, this.initialMs * this.multiplier ** this.failures);
    this.failures++;
    return Math.round(base * (1 - this.jitter * this.random()));
  }

  /** A connection proved healthy: the next failure starts from the initial delay again. */
  reset() {
    this.failures = 0;
  }
}
