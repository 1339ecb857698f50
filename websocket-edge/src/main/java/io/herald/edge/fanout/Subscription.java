package io.herald.edge.fanout;

import io.herald.edge.recovery.DeliveryCursor;
import io.herald.wire.Subject;

/**
 * One subject subscribed on one connection, with the cursor that merges its replay and live stream.
 * Confined to the connection's event loop.
 */
public final class Subscription {
    private final Subscriber subscriber;
    private final Subject subject;
    private final DeliveryCursor cursor;

    public Subscription(Subscriber subscriber, Subject subject, DeliveryCursor cursor) {
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

    public DeliveryCursor cursor() {
        return cursor;
    }
}
