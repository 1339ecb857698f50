package io.herald.edge.session;

import io.herald.edge.auth.Principal;
import io.herald.edge.cache.CachedMessage;
import io.herald.edge.fanout.Hub;
import io.herald.edge.fanout.Subscriber;
import io.herald.edge.fanout.Subscription;
import io.herald.edge.metrics.EdgeMetrics;
import io.herald.wire.Subject;
import io.herald.wire.frame.ClientFrame;
import io.herald.wire.frame.ClientFrame.SubscriptionRequest;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.ErrorCode;
import io.netty.channel.EventLoop;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The subjects one connection subscribes to. A subscribe request is checked whole (entitlement,
 * duplicates, the per-connection subject limit) before any of it takes effect; then each subject
 * gets its {@code subscribed} frame followed by its replay, as the hub planned and admitted it
 * within the connection's replay budget. Confined to the connection's event loop.
 */
final class Subscriptions {
    private final Hub hub;
    private final Subscriber subscriber;
    private final EventLoop loop;
    private final Outbound out;
    private final ReplaySink replay;
    private final int maxSubjects;
    private final EdgeMetrics metrics;
    private final Map<Subject, Subscription> bySubject = new HashMap<>();

    /** {@code subscriber} lives on {@code loop}, where every method here runs. */
    Subscriptions(
            Hub hub,
            Subscriber subscriber,
            EventLoop loop,
            Outbound out,
            ReplaySink replay,
            int maxSubjects,
            EdgeMetrics metrics) {
        this.hub = hub;
        this.subscriber = subscriber;
        this.loop = loop;
        this.out = out;
        this.replay = replay;
        this.maxSubjects = maxSubjects;
        this.metrics = metrics;
    }

    void subscribe(ClientFrame.Subscribe frame, Principal principal) {
        Set<Subject> seen = new HashSet<>();
        int added = 0;
        for (SubscriptionRequest r : frame.subjects()) {
            if (!seen.add(r.subject())) {
                out.sendError(
                        frame.id(), ErrorCode.BAD_REQUEST, "subject listed twice: " + r.subject());
                return;
            }
            if (!principal.maySubscribe(r.subject())) {
                out.sendError(
                        frame.id(),
                        ErrorCode.FORBIDDEN,
                        "not entitled to subscribe to " + r.subject());
                return;
            }
            if (!bySubject.containsKey(r.subject())) {
                added++;
            }
        }
        if (bySubject.size() + added > maxSubjects) {
            out.sendError(
                    frame.id(),
                    ErrorCode.TOO_MANY_SUBJECTS,
                    "a connection may subscribe to at most " + maxSubjects + " subjects");
            return;
        }
        for (SubscriptionRequest r : frame.subjects()) {
            subscribeOne(frame.id(), r);
        }
    }

    private void subscribeOne(String requestId, SubscriptionRequest request) {
        Subscription previous = bySubject.remove(request.subject());
        if (previous != null) {
            hub.unsubscribe(previous, loop);
        }
        Hub.Registration reg = hub.subscribe(subscriber, loop, request, replay.budget());
        bySubject.put(request.subject(), reg.subscription());
        out.send(
                new EdgeFrame.Subscribed(requestId, request.subject(), reg.recovery(), reg.head()));
        for (CachedMessage m : reg.replay()) {
            replay.write(m);
        }
        metrics.replayed(reg.replay().size());
    }

    void unsubscribe(ClientFrame.Unsubscribe frame) {
        for (Subject subject : frame.subjects()) {
            Subscription s = bySubject.remove(subject);
            if (s != null) {
                hub.unsubscribe(s, loop);
            }
        }
    }

    /**
     * Ends every subscription {@code principal} (a refreshed token) no longer allows, each with an
     * {@code error} {@code FORBIDDEN} naming its subject; nothing more is delivered on it.
     */
    void recheck(Principal principal) {
        for (Iterator<Map.Entry<Subject, Subscription>> it = bySubject.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<Subject, Subscription> e = it.next();
            if (!principal.maySubscribe(e.getKey())) {
                it.remove();
                hub.unsubscribe(e.getValue(), loop);
                out.send(
                        new EdgeFrame.ErrorFrame(
                                null,
                                ErrorCode.FORBIDDEN,
                                "the refreshed token no longer allows " + e.getKey(),
                                e.getKey()));
            }
        }
    }

    void releaseAll() {
        for (Subscription s : bySubject.values()) {
            hub.unsubscribe(s, loop);
        }
        bySubject.clear();
    }
}
