package io.herald.edge.fanout;

import io.herald.edge.cache.CachedMessage;
import io.herald.edge.recovery.DeliveryCursor;
import io.herald.edge.recovery.SequenceGapException;
import io.herald.wire.Position;
import io.herald.wire.Subject;
import java.util.ArrayList;
import java.util.List;

/**
 * One subject subscribed on one connection, with the cursor that merges its replay and live stream.
 * The fan-out is the only place that moves the cursor: every replayed and every live message passes
 * {@link #admit} before the subscriber sees it, so a subscriber never gets a position at or below
 * one it already got, and a hole is never silent. Confined to the connection's event loop.
 */
public final class Subscription {
    private final Subscriber subscriber;
    private final Subject subject;
    private final DeliveryCursor cursor;

    Subscription(Subscriber subscriber, Subject subject, DeliveryCursor cursor) {
        this.subscriber = subscriber;
        this.subject = subject;
        this.cursor = cursor;
    }

    public Subscriber subscriber() {
        return subscriber;
    }

    public Subject subject() {
        return subject;
    }

    /**
     * True when {@code position} is the next to deliver (and records it), false for a duplicate;
     * throws {@link SequenceGapException} when delivering it would skip positions.
     */
    boolean admit(Position position) {
        return cursor.advance(position);
    }

    /**
     * The replay messages to write, in order, each admitted. The cache is contiguous by
     * construction, so a hole in a replay is a bug: it throws, never skips.
     */
    List<CachedMessage> admitReplay(List<CachedMessage> replay) {
        List<CachedMessage> admitted = new ArrayList<>(replay.size());
        for (CachedMessage m : replay) {
            boolean fresh;
            try {
                fresh = admit(m.position());
            } catch (SequenceGapException e) {
                throw new IllegalStateException("cache replay has a gap on " + subject, e);
            }
            if (fresh) {
                admitted.add(m);
            }
        }
        return admitted;
    }
}
