package io.herald.client;

import io.herald.wire.Position;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.Recovery;
import java.net.URI;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one decoded edge frame to the client's state: delivers messages in order and without
 * duplicates (reporting gaps), confirms subscriptions, completes publish acks and pongs, routes
 * error frames to the request they answer. Runs on the client's loop.
 */
final class InboundHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InboundHandler.class);

    private final SubjectTracker subjects;
    private final PendingPublishes publishes;
    private final PendingPings pings;
    private final EventDispatcher events;
    private final HeraldListener listener;
    private final ClientStats stats;
    private final LongSupplier clock;

    InboundHandler(
            SubjectTracker subjects,
            PendingPublishes publishes,
            PendingPings pings,
            EventDispatcher events,
            HeraldListener listener,
            ClientStats stats,
            LongSupplier clock) {
        this.subjects = subjects;
        this.publishes = publishes;
        this.pings = pings;
        this.events = events;
        this.listener = listener;
        this.stats = stats;
        this.clock = clock;
    }

    /** Handles a frame that came from {@code edge}. */
    void handle(EdgeFrame frame, URI edge) {
        if (frame instanceof EdgeFrame.Message m) {
            onMessage(m, edge);
        } else if (frame instanceof EdgeFrame.Subscribed s) {
            onSubscribed(s, edge);
        } else if (frame instanceof EdgeFrame.Published p) {
            PendingPublishes.Pending pending = publishes.remove(p.id());
            if (pending != null) {
                stats.publishesAcked.incrementAndGet();
                pending.ack.complete(p.position());
            }
        } else if (frame instanceof EdgeFrame.Pong p) {
            pings.complete(p.id(), clock.getAsLong());
        } else if (frame instanceof EdgeFrame.ErrorFrame e) {
            onError(e, edge);
        }
    }

    private void onMessage(EdgeFrame.Message m, URI edge) {
        Position previous = subjects.last(m.subject());
        switch (subjects.accept(m)) {
            case DELIVER -> deliver(m);
            case GAP -> {
                stats.gaps.incrementAndGet();
                LOG.warn(
                        "event=gap subject={} last={} received={} edge={}",
                        m.subject(),
                        previous,
                        m.position(),
                        edge);
                events.dispatch(() -> listener.onGap(m.subject(), previous, m.position()));
                deliver(m);
            }
            case DUPLICATE -> stats.duplicatesDropped.incrementAndGet();
            case NOT_SUBSCRIBED -> {}
        }
    }

    private void deliver(EdgeFrame.Message m) {
        stats.delivered(m.subject(), m.position());
        events.dispatch(() -> listener.onMessage(m));
    }

    private void onSubscribed(EdgeFrame.Subscribed s, URI edge) {
        SubjectTracker.Entry entry = subjects.byRequestId(s.id());
        if (entry == null || !entry.subject.equals(s.subject())) {
            return;
        }
        if (s.recovery() == Recovery.PARTIAL) {
            stats.partialRecoveries.incrementAndGet();
            LOG.warn(
                    "event=partial_recovery subject={} from={} head={} reason={} edge={}",
                    s.subject(),
                    entry.last,
                    s.head(),
                    s.reason(),
                    edge);
        }
        subjects.liveFrom(entry, s.head());
        events.dispatch(
                () -> listener.onSubscribed(s.subject(), s.recovery(), s.head(), s.reason()));
        entry.firstSubscribed.complete(s);
    }

    private void onError(EdgeFrame.ErrorFrame e, URI edge) {
        String id = e.id();
        HeraldErrorException error = new HeraldErrorException(e.code(), e.message(), true);
        if (id != null) {
            PendingPublishes.Pending publish = publishes.remove(id);
            if (publish != null) {
                publish.ack.completeExceptionally(error);
                return;
            }
            if (pings.fail(id, error)) {
                return;
            }
            SubjectTracker.Entry entry = subjects.byRequestId(id);
            if (entry != null) {
                subjects.remove(entry.subject);
                stats.forget(entry.subject);
                error =
                        new HeraldErrorException(
                                e.code(),
                                "subscription to " + entry.subject + " refused: " + e.message(),
                                true);
                entry.firstSubscribed.completeExceptionally(error);
            }
        } else if (e.subject() != null && subjects.remove(e.subject()) != null) {
            // The edge ended the subscription (a refreshed token no longer allows it).
            stats.forget(e.subject());
            error =
                    new HeraldErrorException(
                            e.code(),
                            "subscription to " + e.subject() + " ended: " + e.message(),
                            true);
        }
        LOG.warn(
                "event=error_frame edge={} id={} code={} message={}",
                edge,
                id,
                e.code(),
                e.message());
        HeraldErrorException reported = error;
        events.dispatch(() -> listener.onError(reported));
    }
}
