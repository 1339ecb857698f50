package io.herald.edge.fanout;

import io.herald.edge.recovery.SequenceGapException;

/**
 * A connection as the fan-out sees it. Every method is called on the connection's own event loop,
 * during a batch; {@link #flushBatch()} ends the batch for connections that were written to.
 *
 * <p>The fan-out has already checked each message against the subscription's cursor: {@link
 * #deliver} only ever gets the next position of a subscription, never a duplicate and never one
 * after a hole ({@link #deliveryGap} instead).
 */
public interface Subscriber {

    /**
     * Writes {@code message} (without flushing); returns true when it was written. A subscriber
     * that cannot take it (closing, past its outbound limit) returns false and closes itself: it
     * must not go on as if the message had been delivered. It never unsubscribes during the call
     * (the caller is iterating subscriptions); its subscriptions go when its channel closes.
     */
    boolean deliver(Subscription subscription, LiveMessage message);

    /**
     * Delivering the next message on {@code subscription} would skip positions ({@code gap.last()}
     * then {@code gap.next()}): the subscriber closes, without unsubscribing during the call, so
     * that its client resumes and learns honestly whether the resume is complete.
     */
    void deliveryGap(Subscription subscription, SequenceGapException gap);

    /** Notes that this batch wrote to the subscriber; true the first time in a batch. */
    boolean markWritten();

    /** Flushes what {@link #deliver} wrote during this batch and ends the batch. */
    void flushBatch();
}
