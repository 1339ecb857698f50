package io.herald.edge.session;

import java.util.concurrent.atomic.AtomicLong;

/**
 * TEST ONLY ({@code --fault-drop-every N}, off by default): drops every Nth live delivery to
 * clients, so that the failover suite can prove its checker detects a gap. The cursor still
 * advances over a dropped message, exactly as a lost frame would look to a client.
 */
public final class FaultInjector {
    private final int dropEvery;
    private final AtomicLong deliveries = new AtomicLong();

    public FaultInjector(int dropEvery) {
        this.dropEvery = dropEvery;
    }

    /** True when this live delivery is to be dropped. */
    public boolean dropNext() {
        return dropEvery > 0 && deliveries.incrementAndGet() % dropEvery == 0;
    }
}
