package io.herald.edge.server;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The edge's WebSocket connection budget: a channel takes a slot when its upgrade request arrives
 * (before the handshake, so a burst of upgrades cannot overshoot) and gives it back when it closes.
 * Thread-safe.
 */
final class ConnectionSlots {
    private static final AttributeKey<Boolean> HOLDS_SLOT =
            AttributeKey.valueOf("herald.connectionSlot");

    private final int max;
    private final AtomicInteger used = new AtomicInteger();

    ConnectionSlots(int max) {
        this.max = max;
    }

    /** Takes a slot for {@code channel} (once per channel); false when none is free. */
    boolean tryTake(Channel channel) {
        if (channel.attr(HOLDS_SLOT).get() != null) {
            return true;
        }
        if (used.incrementAndGet() > max) {
            used.decrementAndGet();
            return false;
        }
        channel.attr(HOLDS_SLOT).set(Boolean.TRUE);
        channel.closeFuture().addListener(f -> used.decrementAndGet());
        return true;
    }

    int max() {
        return max;
    }
}
