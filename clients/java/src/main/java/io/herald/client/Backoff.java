package io.herald.client;

import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter. The k-th consecutive failure (k from 0) waits {@code base =
 * min(max, initial × multiplier^k)}, of which the fraction {@code jitter} is random: the delay is
 * uniform in {@code [base × (1 − jitter), base]}. Not thread-safe: used on the client's loop.
 */
final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final double multiplier;
    private final double jitter;
    private final RandomGenerator random;
    private int failures;

    Backoff(
            long initialMillis,
            long maxMillis,
            double multiplier,
            double jitter,
            RandomGenerator random) {
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.multiplier = multiplier;
        this.jitter = jitter;
        this.random = random;
    }

    /** The delay before the next attempt; counts one more consecutive failure. */
    long nextDelayMillis() {
        double base = Math.min(maxMillis, initialMillis * Math.pow(multiplier, failures));
        if (base < maxMillis) {
            failures++;
        }
        return Math.round(base * (1.0 - jitter * random.nextDouble()));
    }

    /** A uniformly random delay in {@code [0, maxMillis]}, leaving the failure count alone. */
    long spreadMillis(long maxMillis) {
        return maxMillis == 0 ? 0 : random.nextLong(maxMillis + 1);
    }

    /** Consecutive failures counted so far. */
    int failures() {
        return failures;
    }

    /** Back to the initial delay: called once a connection proved stable. */
    void reset() {
        failures = 0;
    }
}
