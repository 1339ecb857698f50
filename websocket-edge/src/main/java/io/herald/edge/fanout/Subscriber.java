package io.herald.edge.fanout;

/**
 * A connection as the fan-out sees it. Every method is called on the connection's own event loop,
 * during a batch; {@link #flushBatch()} ends the batch for connections that were written to.
 */
public interface Subscriber {

    /**
     * Writes {@code message} (without flushing) if the subscription's cursor accepts it; returns
     * true when it was written. A subscriber past its outbound limit schedules its own close
     * instead (never synchronously: the caller is iterating subscriptions).
     */
    boolean deliver(Subscription subscription, LiveMessage message);

    /** Notes that this batch wrote to the subscriber; true the first time in a batch. */
    boolean markWritten();

    /** Flushes what {@link #deliver} wrote during this batch and ends the batch. */
    void flushBatch();
}
