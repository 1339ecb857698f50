package io.herald.edge.cache;

import io.herald.wire.Position;
import io.herald.wire.SequencedMessage;
import io.herald.wire.Subject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The cached messages of one subject, oldest first, with what the edge can prove about them.
 *
 * <ul>
 *   <li>{@link #head()}: the last position the edge accepted on the subject, kept after its message
 *       is evicted.
 *   <li>{@link #anchor()}: a position P such that every message after P the edge will ever deliver
 *       on this subject is in the log or arrives later: the position of the last evicted message,
 *       or the predecessor of the first observed one when its seq shows it (seq &gt; 0 within its
 *       epoch). Null when nothing before the first cached message can be vouched for.
 * </ul>
 *
 * <p>The proof rests on observation: the edge reads the subject's partition of the sequenced topic
 * in order and without interruption, so the messages it accepted after any accepted position are
 * exactly the messages that follow it. Not thread-safe: {@link MessageCache}'s owner serializes
 * access.
 */
public final class SubjectLog {
    private final Subject subject;
    private final SourceWatermarks sources = new SourceWatermarks();
    private CachedMessage[] ring = new CachedMessage[4];
    private int first;
    private int size;
    private Position head;
    private Position lastObserved;
    private Position anchor;
    private long lastActivityMillis;

    SubjectLog(Subject subject) {
        this.subject = subject;
    }

    public Subject subject() {
        return subject;
    }

    /** The last accepted position, or null before the first message. */
    public Position head() {
        return head;
    }

    /** The position every later message connects to, or null (see the class comment). */
    public Position anchor() {
        return anchor;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The i-th cached message, 0 = oldest. */
    public CachedMessage get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return ring[(first + i) % ring.length];
    }

    /** Index of the cached message at {@code position}, or -(insertion point) - 1. */
    public int indexOf(Position position) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = get(mid).position().compareTo(position);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /** The cached messages from index {@code from} on, oldest first (a copy). */
    public List<CachedMessage> from(int from) {
        if (from >= size) {
            return Collections.emptyList();
        }
        List<CachedMessage> out = new ArrayList<>(size - from);
        for (int i = from; i < size; i++) {
            out.add(get(i));
        }
        return out;
    }

    CachedMessage oldest() {
        return size == 0 ? null : ring[first];
    }

    long lastActivityMillis() {
        return lastActivityMillis;
    }

    /** The verdict on one incoming sequenced record. */
    enum Observation {
        /** A new message, next in order: cache and deliver it. */
        NEXT,
        /** A new message after a hole in seq within its epoch: the log was reset before it. */
        AFTER_GAP,
        /** A re-delivery of a source record already accepted: drop it. */
        DUPLICATE,
        /** A position at or below one already observed, from a new source record: drop it. */
        OUT_OF_ORDER
    }

    /**
     * Classifies the next record of this subject as read from its partition, and updates the
     * observed stream. Does not add the message; the cache does on NEXT and AFTER_GAP.
     */
    Observation observe(SequencedMessage m, long nowMillis) {
        lastActivityMillis = nowMillis;
        Position p = m.position();
        if (!sources.advance(m.source())) {
            lastObserved = max(lastObserved, p);
            return Observation.DUPLICATE;
        }
        if (lastObserved != null && p.compareTo(lastObserved) <= 0) {
            return Observation.OUT_OF_ORDER;
        }
        Observation verdict = Observation.NEXT;
        if (lastObserved == null) {
            anchor = p.seq() > 0 ? new Position(p.epoch(), p.seq() - 1) : null;
        } else if (p.epoch() == lastObserved.epoch() && p.seq() != lastObserved.seq() + 1) {
            verdict = Observation.AFTER_GAP;
        }
        lastObserved = p;
        return verdict;
    }

    /**
     * Forgets the observed stream (after the consumer had to skip records): the cached messages and
     * the anchor go, and the next record is treated as the first one seen.
     */
    List<CachedMessage> breakContinuity() {
        lastObserved = null;
        return clear();
    }

    void append(CachedMessage m) {
        if (size == ring.length) {
            CachedMessage[] bigger = new CachedMessage[ring.length * 2];
            for (int i = 0; i < size; i++) {
                bigger[i] = get(i);
            }
            ring = bigger;
            first = 0;
        }
        ring[(first + size) % ring.length] = m;
        size++;
        head = m.position();
    }

    /** Removes and returns the oldest message; its position becomes the anchor. */
    CachedMessage removeOldest() {
        CachedMessage m = ring[first];
        ring[first] = null;
        first = (first + 1) % ring.length;
        size--;
        anchor = m.position();
        if (size == 0 && ring.length > 4) {
            ring = new CachedMessage[4];
            first = 0;
        }
        return m;
    }

    /** Drops every cached message and the anchor: nothing before the next message is provable. */
    List<CachedMessage> clear() {
        List<CachedMessage> dropped = from(0);
        ring = new CachedMessage[4];
        first = 0;
        size = 0;
        anchor = null;
        return dropped;
    }

    private static Position max(Position a, Position b) {
        return a == null || b.compareTo(a) > 0 ? b : a;
    }
}
