package io.herald.edge.session;

import io.herald.edge.auth.Principal;
import io.herald.edge.cache.CachedMessage;
import io.herald.edge.fanout.Hub;
import io.herald.edge.fanout.MessageFrames;
import io.herald.edge.fanout.Subscription;
import io.herald.edge.recovery.RecoveryPlan;
import io.herald.edge.recovery.SequenceGapException;
import io.herald.wire.Subject;
import io.herald.wire.frame.ClientFrame;
import io.herald.wire.frame.ClientFrame.SubscriptionRequest;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.ErrorCode;
import io.herald.wire.frame.Recovery;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subjects one connection subscribes to. A subscribe request is checked whole (entitlement,
 * duplicates, the per-connection subject limit) before any of it takes effect; then each subject
 * gets its {@code subscribed} frame followed by its replay, as the hub planned it. A replay larger
 * than what the connection may still have in flight ({@link Connection#replayBudget()}) is cut to
 * its newest part and reported {@code partial}. Confined to the connection's event loop.
 */
final class Subscriptions {
    private final EdgeServices services;
    private final Connection connection;
    private final Map<Subject, Subscription> bySubject = new HashMap<>();

    Subscriptions(EdgeServices services, Connection connection) {
        this.services = services;
        this.connection = connection;
    }

    void subscribe(ClientFrame.Subscribe frame, Principal principal) {
        Set<Subject> seen = new HashSet<>();
        int added = 0;
        for (SubscriptionRequest r : frame.subjects()) {
            if (!seen.add(r.subject())) {
                connection.sendError(
                        frame.id(), ErrorCode.BAD_REQUEST, "subject listed twice: " + r.subject());
                return;
            }
            if (!principal.maySubscribe(r.subject())) {
                connection.sendError(
                        frame.id(),
                        ErrorCode.FORBIDDEN,
                        "not entitled to subscribe to " + r.subject());
                return;
            }
            if (!bySubject.containsKey(r.subject())) {
                added++;
            }
        }
        int limit = services.limits().maxSubjects();
        if (bySubject.size() + added > limit) {
            connection.sendError(
                    frame.id(),
                    ErrorCode.TOO_MANY_SUBJECTS,
                    "a connection may subscribe to at most " + limit + " subjects");
            return;
        }
        for (SubscriptionRequest r : frame.subjects()) {
            subscribeOne(frame.id(), r);
        }
    }

    private void subscribeOne(String requestId, SubscriptionRequest request) {
        Hub hub = connection.hub();
        Subscription previous = bySubject.remove(request.subject());
        if (previous != null) {
            hub.unsubscribe(previous, connection.loop());
        }
        Hub.Registration reg = hub.subscribe(connection, connection.loop(), request);
        bySubject.put(request.subject(), reg.subscription());
        RecoveryPlan plan = reg.plan();
        List<CachedMessage> replay = plan.replay();
        Recovery recovery = plan.recovery();
        int keepFrom = firstThatFits(replay, connection.replayBudget());
        if (keepFrom > 0) {
            // Over the replay budget: send the newest part, and say the rest is not coming.
            plan.cursor().skipTo(replay.get(keepFrom - 1).position());
            replay = replay.subList(keepFrom, replay.size());
            if (recovery == Recovery.COMPLETE) {
                recovery = Recovery.PARTIAL;
            }
        }
        connection.send(
                new EdgeFrame.Subscribed(requestId, request.subject(), recovery, plan.head()));
        long replayed = 0;
        for (CachedMessage m : replay) {
            boolean fresh;
            try {
                fresh = plan.cursor().advance(m.position());
            } catch (SequenceGapException e) {
                // The cache is contiguous by construction; a hole here is a bug, never hidden.
                throw new IllegalStateException("cache replay has a gap on " + m.subject(), e);
            }
            if (fresh) {
                connection.writeReplay(
                        MessageFrames.encode(
                                connection.channel().alloc(),
                                m.subject(),
                                m.position(),
                                m.content(),
                                m.timestamp(),
                                true));
                replayed++;
            }
        }
        services.metrics().replayed(replayed);
    }

    /** Index of the first message from which the rest fits in {@code budget} bytes. */
    private static int firstThatFits(List<CachedMessage> replay, long budget) {
        long total = 0;
        for (int i = replay.size() - 1; i >= 0; i--) {
            total += replay.get(i).sizeBytes();
            if (total > budget) {
                return i + 1;
            }
        }
        return 0;
    }

    void unsubscribe(ClientFrame.Unsubscribe frame) {
        for (Subject subject : frame.subjects()) {
            Subscription s = bySubject.remove(subject);
            if (s != null) {
                connection.hub().unsubscribe(s, connection.loop());
            }
        }
    }

    void releaseAll() {
        for (Subscription s : bySubject.values()) {
            connection.hub().unsubscribe(s, connection.loop());
        }
        bySubject.clear();
    }
}
