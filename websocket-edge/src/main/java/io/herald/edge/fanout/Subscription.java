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
    private boolean catchingUp;

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

    /** The last position delivered (or the one it resumed from). */
    Position last() {
        return cursor.last();
    }

    /** Live messages wait in the cache while a {@link CatchUp} replays up to them. */
    void catchUp() {
        catchingUp = true;
    }

    /** The replay reached the cache's newest message: live messages are delivered from now on. */
    void goLive() {
        catchingUp = false;
    }

    /** The fan-out skips the subscription (see {@link CatchUp}). */
    boolean catchingUp() {
        return catchingUp;
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
