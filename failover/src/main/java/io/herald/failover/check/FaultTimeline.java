package io.herald.failover.check;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The instants ({@link System#nanoTime()}) at which a scenario injected faults, in order. Readers
 * compare their deliveries against it to measure gaps and recovery. Thread-safe.
 */
public final class FaultTimeline {

    private final List<Long> faults = new CopyOnWriteArrayList<>();

    /** Records a fault now; call it right before the fault is injected. */
    public long mark() {
        long now = System.nanoTime();
        faults.add(now);
        return now;
    }

    /** Records a fault at a given instant (for tests). */
    public void mark(long nanos) {
        faults.add(nanos);
    }

    int size() {
        return faults.size();
    }

    long get(int index) {
        return faults.get(index);
    }
}
