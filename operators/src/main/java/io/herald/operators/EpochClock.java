package io.herald.operators;

import java.io.Serializable;
import java.time.Instant;

/**
 * The clock the sequencer derives epochs from: microseconds since 1970-01-01T00:00Z. Injected so
 * that harness tests control it. Must be serializable: it ships with the function to the task
 * managers.
 */
@FunctionalInterface
public interface EpochClock extends Serializable {

    /** Microseconds since the Unix epoch. */
    long nowMicros();

    /** The system clock, at microsecond resolution. */
    static EpochClock system() {
        return () -> {
            Instant now = Instant.now();
            return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        };
    }
}
