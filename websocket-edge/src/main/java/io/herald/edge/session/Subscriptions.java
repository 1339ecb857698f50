package io.herald.edge.session;

import io.herald.edge.auth.Principal;
import io.herald.edge.cache.CachedMessage;
import io.herald.edge.deep.DeepRecoveries;
import io.herald.edge.deep.LogSlice;
import io.herald.edge.deep.PartialReason;
import io.herald.edge.fanout.CatchUp;
import io.herald.edge.fanout.Hub;
import io.herald.edge.fanout.Subscriber;
import io.herald.edge.fanout.Subscription;
import io.herald.edge.log.LogSafe;
import io.herald.edge.metrics.EdgeMetrics;
import io.herald.edge.recovery.SequenceGapException;
import io.herald.wire.Subject;
import io.herald.wire.frame.ClientFrame;
import io.herald.wire.frame.ClientFrame.SubscriptionRequest;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.ErrorCode;
import io.herald.wire.frame.Recovery;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Ticker;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subjects one connection subscribes to. A subscribe request is checked whole (entitlement,
 * duplicates, the per-connection subject limit) before any of it takes effect; then each subject
 * gets its {@code subscribed} frame followed by its replay, as the hub planned and admitted it
 * within the connection's replay budget.
 *
 * <p>A resume the cache does not cover goes to a deep recovery ({@link DeepRecoveries}) first: the
 * subject is pending (it counts against the subject limit, and nothing is sent for it) until the
 * read of the sequenced topic answers; then it is registered {@code complete} and replays the
 * messages read from Kafka, then the cache's, in chunks that keep under the connection's outbound
 * limit (the next chunk goes once the previous one has left for the socket; live messages wait in
 * the cache meanwhile, see {@link CatchUp}), or it is registered as the cache alone allows ({@code
 * partial}) when the read could not prove the client's position. Confined to the connection's event
 * loop.
 */
final class Subscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);

    /** Reads of the sequenced topic one resume may need when the cache moves on meanwhile. */
    static final int MAX_DEEP_ATTEMPTS = 2;

    private final Hub hub;
    private final Subscriber subscriber;
    private final EventLoop loop;
    private final Outbound out;
    private final ReplaySink replay;
    private final int maxSubjects;
    private final EdgeMetrics metrics;
    private final DeepRecoveries deep;
    private final Ticker ticker;
    // Sized for the common connection, one or two subjects; an idle connection holds little else.
    private final Map<Subject, Subscription> bySubject = new HashMap<>(2);
    // Empty (reads and removals work, a put does not) until the first deep recovery needs a map.
    private Map<Subject, DeepTicket> pending = Collections.emptyMap();

    /** A subscription waiting for its deep recovery; replaced or dropped means cancelled. */
    private record DeepTicket(String requestId, SubscriptionRequest request, long startNanos) {}

    /** {@code subscriber} lives on {@code loop}, where every method here runs. */
    Subscriptions(
            Hub hub,
            Subscriber subscriber,
            EventLoop loop,
            Outbound out,
            ReplaySink replay,
            int maxSubjects,
            EdgeMetrics metrics,
            DeepRecoveries deep,
            Ticker ticker) {
        this.hub = hub;
        this.subscriber = subscriber;
        this.loop = loop;
        this.out = out;
        this.replay = replay;
        this.maxSubjects = maxSubjects;
        this.metrics = metrics;
        this.deep = deep;
        this.ticker = ticker;
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
            if (!bySubject.containsKey(r.subject()) && !pending.containsKey(r.subject())) {
                added++;
            }
        }
        if (bySubject.size() + pending.size() + added > maxSubjects) {
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
        pending.remove(request.subject());
        if (request.from() != null
                && deep.enabled()
                && hub.coverage(request.subject(), request.from()) != Hub.Coverage.CONNECTED) {
            metrics.deepRecoveryStarted();
            DeepTicket ticket = new DeepTicket(requestId, request, ticker.nanoTime());
            if (askDeep(ticket, 0)) {
                return;
            }
            fallBack(ticket, PartialReason.BUSY);
            return;
        }
        registered(requestId, hub.subscribe(subscriber, loop, request, replay.budget()), null);
    }

    private boolean askDeep(DeepTicket ticket, int attempt) {
        SubscriptionRequest r = ticket.request();
        boolean queued =
                deep.request(
                        r.subject(),
                        new DeepRecoveries.Waiter(
                                r.from(),
                                r.fromTimestamp(),
                                loop,
                                slice -> answered(ticket, slice, attempt)));
        if (queued) {
            if (pending.isEmpty()) {
                pending = new HashMap<>(2);
            }
            pending.put(r.subject(), ticket);
        }
        return queued;
    }

    /** The read of the ticket's subject is done (on this loop). */
    private void answered(DeepTicket ticket, LogSlice slice, int attempt) {
        SubscriptionRequest r = ticket.request();
        if (pending.get(r.subject()) != ticket) {
            return; // unsubscribed, re-subscribed or closed meanwhile
        }
        pending.remove(r.subject());
        LogSlice.Replay fromLog = slice.after(r.from());
        if (!fromLog.proven()) {
            fallBack(ticket, fromLog.reason());
            return;
        }
        CatchUp catchUp = hub.subscribeAfterLog(subscriber, loop, r, fromLog.messages());
        if (catchUp == null
                && !fromLog.cut()
                && attempt < MAX_DEEP_ATTEMPTS
                && askDeep(ticket, attempt + 1)) {
            return;
        }
        if (catchUp == null) {
            fallBack(ticket, fromLog.cut() ? PartialReason.LIMIT : PartialReason.CACHE_MOVED);
            return;
        }
        Subscription s = catchUp.subscription();
        bySubject.put(r.subject(), s);
        out.send(
                new EdgeFrame.Subscribed(
                        ticket.requestId(), r.subject(), Recovery.COMPLETE, catchUp.head()));
        metrics.deepRecoveryCompleted(fromLog.messages().size(), elapsedMillis(ticket));
        replayChunk(catchUp);
        out.flush();
    }

    /**
     * Writes the next chunk of a deep recovery's replay, and the one after once it has left the
     * outbound buffer, until the subscription is live; stops when it was unsubscribed or replaced.
     */
    private void replayChunk(CatchUp catchUp) {
        Subscription s = catchUp.subscription();
        if (bySubject.get(s.subject()) != s) {
            return;
        }
        List<CachedMessage> chunk;
        try {
            chunk = catchUp.next(replay.chunkBytes());
        } catch (SequenceGapException gap) {
            subscriber.deliveryGap(s, gap);
            return;
        }
        if (chunk.isEmpty()) {
            return;
        }
        for (int i = 0; i < chunk.size() - 1; i++) {
            replay.write(chunk.get(i));
        }
        replay.writeThen(chunk.get(chunk.size() - 1), () -> replayChunk(catchUp));
        metrics.replayed(chunk.size());
    }

    /** The deep recovery could not prove the position: subscribe as the cache alone allows. */
    private void fallBack(DeepTicket ticket, PartialReason reason) {
        SubscriptionRequest r = ticket.request();
        LOG.info(
                "deep recovery partial subject={} epoch={} seq={} reason={}",
                LogSafe.text(r.subject()),
                r.from().epoch(),
                r.from().seq(),
                reason.label());
        metrics.deepRecoveryPartial(reason.label(), elapsedMillis(ticket));
        registered(ticket.requestId(), hub.subscribe(subscriber, loop, r, replay.budget()), reason);
        out.flush();
    }

    private long elapsedMillis(DeepTicket ticket) {
        return (ticker.nanoTime() - ticket.startNanos()) / 1_000_000;
    }

    /** {@code reason}: why a deep recovery could not prove the resume (null: none was tried). */
    private void registered(String requestId, Hub.Registration reg, PartialReason reason) {
        Subject subject = reg.subscription().subject();
        bySubject.put(subject, reg.subscription());
        String why = reason != null && reg.recovery() == Recovery.PARTIAL ? reason.label() : null;
        out.send(new EdgeFrame.Subscribed(requestId, subject, reg.recovery(), reg.head(), why));
        for (CachedMessage m : reg.replay()) {
            replay.write(m);
        }
        metrics.replayed(reg.replay().size());
    }

    void unsubscribe(ClientFrame.Unsubscribe frame) {
        for (Subject subject : frame.subjects()) {
            pending.remove(subject);
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
        pending.clear();
        for (Subscription s : bySubject.values()) {
            hub.unsubscribe(s, loop);
        }
        bySubject.clear();
    }
}
