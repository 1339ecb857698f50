package io.herald.edge.recovery;

import io.herald.wire.Position;

/**
 * The last position delivered on one subscription, which merges the replay and the live stream: a
 * message at or below it is a duplicate (it was replayed, or delivered before a re-subscribe) and
 * is skipped; a message that skips seq within the epoch of the last delivered one is a gap, which
 * must never reach a client silently, so {@link #advance} throws {@link SequenceGapException}.
 *
 * <p>A new epoch may start at any seq: a re-delivered prefix of it was dropped by {@code source}.
 * Not thread-safe: a cursor lives on its connection's event loop.
 */
public final class DeliveryCursor {
    // The last position as two numbers, not a Position: a cursor lives as long as its
    // subscription (old generation) and moves on every delivery, and a reference to each
    // message's young Position would dirty a card of the old generation per subscription that
    // every young collection must scan (19,000 subscriptions: about half of each pause).
    private long epoch;
    private long seq;
    private boolean started;
    private boolean checkNext;

    private DeliveryCursor(Position last, boolean checkNext) {
        if (last != null) {
            this.epoch = last.epoch();
            this.seq = last.seq();
            this.started = true;
        }
        this.checkNext = checkNext;
    }

    /** Delivers what follows {@code last} with no hole (null: anything, checked from then on). */
    public static DeliveryCursor after(Position last) {
        return new DeliveryCursor(last, last != null);
    }

    /** Skips what is at or below {@code last}, but accepts a hole before the next message. */
    public static DeliveryCursor afterUnchecked(Position last) {
        return new DeliveryCursor(last, false);
    }

    /** The last delivered position, or the starting one (null: none). */
    public Position last() {
        return started ? new Position(epoch, seq) : null;
    }

    /**
     * True when {@code next} is to be delivered (and records it); false for a duplicate. Throws
     * {@link SequenceGapException} when {@code next} would leave a hole.
     */
    public boolean advance(Position next) {
        long e = next.epoch();
        long s = next.seq();
        if (started && (e < epoch || (e == epoch && s <= seq))) {
            return false;
        }
        if (checkNext && e == epoch && s != seq + 1) {
            throw new SequenceGapException(last(), next);
        }
        epoch = e;
        seq = s;
        started = true;
        checkNext = true;
        return true;
    }
}
