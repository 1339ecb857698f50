package io.herald.edge.fanout;

import io.herald.edge.log.LogSafe;
import io.herald.edge.metrics.EdgeMetrics;
import io.herald.edge.recovery.SequenceGapException;
import io.herald.wire.Subject;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions of the connections of one event loop, by subject. Touched only on that loop
 * (vert.x style): the consumer thread never reads it, it posts {@link LoopBatch}es instead.
 */
final class LoopSubscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(LoopSubscriptions.class);
    private final int index;
    private final EventLoop loop;
    private final EdgeMetrics metrics;
    private final Map<Subject, List<Subscription>> bySubject = new HashMap<>();
    private final List<Subscriber> written = new ArrayList<>();

    LoopSubscriptions(int index, EventLoop loop, EdgeMetrics metrics) {
        this.index = index;
        this.loop = loop;
        this.metrics = metrics;
    }

    int index() {
        return index;
    }

    EventLoop loop() {
        return loop;
    }

    /** Adds a subscription; true when it is the loop's first on that subject. */
    boolean add(Subscription s) {
        assert loop.inEventLoop();
        List<Subscription> list = bySubject.computeIfAbsent(s.subject(), k -> new ArrayList<>(2));
        list.add(s);
        return list.size() == 1;
    }

    /**
     * The loop's own instance of {@code subject} while it holds subscriptions to it, else {@code
     * subject}: every connection's request brings its own copy, and an idle subscription holds
     * little else, so the ten thousand subscribers of one subject share one.
     */
    Subject canonical(Subject subject) {
        List<Subscription> list = bySubject.get(subject);
        return list == null ? subject : list.get(0).subject();
    }

    boolean contains(Subscription s) {
        List<Subscription> list = bySubject.get(s.subject());
        return list != null && list.contains(s);
    }

    /** Removes a subscription; true when the loop has no more subscriptions on that subject. */
    boolean remove(Subscription s) {
        assert loop.inEventLoop();
        List<Subscription> list = bySubject.get(s.subject());
        if (list == null || !list.remove(s)) {
            return false;
        }
        if (list.isEmpty()) {
            bySubject.remove(s.subject());
            return true;
        }
        return false;
    }

    /** The cursor check, then the write: the one path from a live message to a subscriber. */
    private static boolean deliverOne(Subscription s, LiveMessage m) {
        Subscriber subscriber = s.subscriber();
        if (s.catchingUp()) {
            return false;
        }
        try {
            if (!s.admit(m.position())) {
                return false;
            }
        } catch (SequenceGapException gap) {
            subscriber.deliveryGap(s, gap);
            return false;
        }
        try {
            return subscriber.deliver(s, m);
        } catch (RuntimeException e) {
            LOG.error(
                    "delivery failed subject={} epoch={} seq={}",
                    LogSafe.text(m.subject()),
                    m.position().epoch(),
                    m.position().seq(),
                    e);
            return false;
        }
    }

    /** Runs one batch: every message to every subscription of its subject, then one flush each. */
    void deliver(List<LiveMessage> messages) {
        long deliveries = 0;
        for (LiveMessage m : messages) {
            try {
                List<Subscription> list = bySubject.get(m.subject());
                if (list != null) {
                    // Subscribers never unsubscribe inside deliver or deliveryGap (they close,
                    // and unsubscribe when their channel closes), so indexing is safe.
                    for (int i = 0; i < list.size(); i++) {
                        Subscription s = list.get(i);
                        if (deliverOne(s, m)) {
                            deliveries++;
                            if (s.subscriber().markWritten()) {
                                written.add(s.subscriber());
                            }
                        }
                    }
                }
            } finally {
                m.frame().release();
            }
        }
        for (Subscriber subscriber : written) {
            subscriber.flushBatch();
        }
        written.clear();
        metrics.deliveries(deliveries);
    }
}
