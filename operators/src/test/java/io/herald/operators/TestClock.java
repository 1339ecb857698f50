package io.herald.operators;

import java.util.concurrent.atomic.AtomicLong;

/** A settable {@link EpochClock} for harness tests. */
final class TestClock implements EpochClock {
    private static final long serialVersionUID = 1L;

    private final AtomicLong micros;

    TestClock(long micros) {
        this.micros = new AtomicLong(micros);
    }

    void set(long value) {
        micros.set(value);
    }

    void advance(long delta) {
        micros.addAndGet(delta);
    }

    @Override
    public long nowMicros() {
        return micros.get();
    }
}
