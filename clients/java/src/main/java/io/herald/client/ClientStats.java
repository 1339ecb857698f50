package io.herald.client;

import io.herald.wire.Position;
import io.herald.wire.Subject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live counters and last positions behind {@link HeraldClientStats} and {@link
 * HeraldClient#positions()}: written on the loop, read from any thread.
 */
final class ClientStats {
    final AtomicLong connectAttempts = new AtomicLong();
    final AtomicLong connects = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong duplicatesDropped = new AtomicLong();
    final AtomicLong gaps = new AtomicLong();
    final AtomicLong partialRecoveries = new AtomicLong();
    final AtomicLong publishesAcked = new AtomicLong();
    volatile ConnectionState state = ConnectionState.IDLE;
    private final Map<Subject, Position> positions = new ConcurrentHashMap<>();

    void delivered(Subject subject, Position position) {
        delivered.incrementAndGet();
        positions.put(subject, position);
    }

    void forget(Subject subject) {
        positions.remove(subject);
    }

    Map<Subject, Position> positions() {
        return Map.copyOf(positions);
    }

    HeraldClientStats snapshot() {
        return new HeraldClientStats(
                state,
                connectAttempts.get(),
                connects.get(),
                delivered.get(),
                duplicatesDropped.get(),
                gaps.get(),
                partialRecoveries.get(),
                publishesAcked.get());
    }
}
