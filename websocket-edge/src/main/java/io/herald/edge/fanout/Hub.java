package io.herald.edge.fanout;

import io.herald.edge.cache.CachedMessage;
import io.herald.edge.cache.MessageCache;
import io.herald.edge.cache.SubjectLog;
import io.herald.edge.metrics.EdgeMetrics;
import io.herald.edge.recovery.DeliveryCursor;
import io.herald.edge.recovery.RecoveryPlan;
import io.herald.edge.recovery.RecoveryPlanner;
import io.herald.edge.recovery.SequenceGapException;
import io.herald.wire.Position;
import io.herald.wire.SequencedMessage;
import io.herald.wire.Subject;
import io.herald.wire.frame.ClientFrame.SubscriptionRequest;
import io.herald.wire.frame.Recovery;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Joins the cache, the subscriptions and the event loops (centrifuge's "hub").
 *
 * <p>Contract: appending a message to the cache and reading which event loops subscribe to its
 * subject happen atomically with respect to planning a subscription (reading the cache) and
 * registering it. So a message is either in a new subscription's replay or handed to its event loop
 * after the subscription is registered there, never neither; the subscription's cursor ({@link
 * Subscription#admit}) drops it if it is both, and stops a delivery that would skip positions. The
 * lock is held for a cache append or a plan, never for I/O.
 *
 * <p>Threads: {@link #offer} and {@link #maintain} on the consumer thread; {@link #subscribe} and
 * {@link #unsubscribe} on the subscriber's event loop.
 */
public final class Hub {
    /** Batches one event loop may have queued and not yet run; bounds the hand-off. */
    static final int MAX_BATCHES_IN_FLIGHT = 8;

    private final ReentrantLock lock = new ReentrantLock();
    private final MessageCache cache;
    private final Map<Subject, long[]> loopsBySubject = new HashMap<>();
    private final LoopSubscriptions[] loops;
    private final Semaphore[] inFlight;
    private final Map<EventLoop, LoopSubscriptions> byLoop = new IdentityHashMap<>();
    private final EdgeMetrics metrics;
    private final ByteBufAllocator alloc;
    private volatile long cacheMessages;
    private volatile long cacheBytes;
    private volatile int cacheSubjects;

    /** {@code eventLoops}: every loop connections may live on (at most 64). */
    public Hub(
            MessageCache cache,
            List<EventLoop> eventLoops,
            EdgeMetrics metrics,
            ByteBufAllocator alloc) {
        if (eventLoops.isEmpty() || eventLoops.size() > 64) {
            throw new IllegalArgumentException("1..64 event loops, got " + eventLoops.size());
        }
        this.cache = cache;
        this.metrics = metrics;
        this.alloc = alloc;
        this.loops = new LoopSubscriptions[eventLoops.size()];
        this.inFlight = new Semaphore[eventLoops.size()];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new LoopSubscriptions(i, eventLoops.get(i), metrics);
            inFlight[i] = new Semaphore(MAX_BATCHES_IN_FLIGHT);
            byLoop.put(eventLoops.get(i), loops[i]);
        }
    }

    /** A batch to fill with one poll's messages, then {@link FanoutBatch#dispatch()}. */
    public FanoutBatch newBatch() {
        return new FanoutBatch(loops, inFlight);
    }

    /**
     * Caches {@code m} and, when accepted and subscribed to, adds it (encoded once) to {@code
     * batch} for every event loop with subscribers on its subject. Consumer thread only.
     */
    public MessageCache.Outcome offer(SequencedMessage m, FanoutBatch batch) {
        MessageCache.Outcome outcome;
        long mask;
        lock.lock();
        try {
            outcome = cache.append(m);
            long[] loopMask = loopsBySubject.get(m.subject());
            mask = loopMask == null ? 0 : loopMask[0];
            publishStats();
        } finally {
            lock.unlock();
        }
        if (!outcome.accepted() || mask == 0) {
            return outcome;
        }
        ByteBuf frame =
                MessageFrames.encode(
                        alloc, m.subject(), m.position(), m.content(), m.timestamp(), false);
        try {
            for (int i = 0; i < loops.length; i++) {
                if ((mask & (1L << i)) != 0) {
                    batch.forLoop(i)
                            .add(new LiveMessage(m.subject(), m.position(), frame.retain()));
                }
            }
        } finally {
            frame.release();
        }
        return outcome;
    }

    /** Evicts expired messages and, when asked, idle subjects. Consumer thread. */
    public void maintain(boolean dropIdleSubjects) {
        lock.lock();
        try {
            cache.expire();
            if (dropIdleSubjects) {
                cache.dropIdleSubjects();
            }
            publishStats();
        } finally {
            lock.unlock();
        }
    }

    /** The consumer had to skip records: no subject's history is provable any more. */
    public void breakContinuity() {
        lock.lock();
        try {
            cache.breakContinuity();
            publishStats();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Plans {@code request} against the cache and registers the subscription on {@code loop}
     * atomically (see the class contract), with at most {@code replayBudgetBytes} of replay ({@link
     * RecoveryPlan#limitTo}). Must run on {@code loop}; the caller writes the {@code subscribed}
     * frame and the replay before returning to the loop, so that live messages follow them.
     */
    public Registration subscribe(
            Subscriber subscriber,
            EventLoop loop,
            SubscriptionRequest request,
            long replayBudgetBytes) {
        LoopSubscriptions local = local(loop);
        RecoveryPlan plan;
        lock.lock();
        try {
            plan = RecoveryPlanner.plan(cache.log(request.subject()), request);
            loopsBySubject.computeIfAbsent(request.subject(), k -> new long[1])[0] |=
                    1L << local.index();
        } finally {
            lock.unlock();
        }
        return register(subscriber, local, request.subject(), plan.limitTo(replayBudgetBytes));
    }

    private Registration register(
            Subscriber subscriber, LoopSubscriptions local, Subject subject, RecoveryPlan plan) {
        Subscription s = new Subscription(subscriber, local.canonical(subject), plan.cursor());
        List<CachedMessage> replay = s.admitReplay(plan.replay());
        local.add(s);
        metrics.subscriptionsChanged(1);
        return new Registration(s, plan.recovery(), plan.head(), replay);
    }

    /** Whether the cache connects to a position (see {@link #coverage}). */
    public enum Coverage {
        /** The edge holds nothing on the subject: its consumer has seen none of it lately. */
        NO_LOG,
        /** A resume from the position would be {@code complete} from the cache alone. */
        CONNECTED,
        /** The cache no longer reaches back to the position. */
        NOT_CONNECTED
    }

    /** Whether a resume of {@code subject} from {@code from} is complete from the cache. */
    public Coverage coverage(Subject subject, Position from) {
        lock.lock();
        try {
            SubjectLog log = cache.log(subject);
            if (log == null) {
                return Coverage.NO_LOG;
            }
            return RecoveryPlanner.plan(log, SubscriptionRequest.resume(subject, from)).recovery()
                            == Recovery.COMPLETE
                    ? Coverage.CONNECTED
                    : Coverage.NOT_CONNECTED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Registers a resume of {@code request} whose first messages, {@code fromLog}, were read from
     * the sequenced topic and proven to follow {@code request.from()} with no hole, when the cache
     * connects to the last of them (or knows nothing of the subject: the checked cursor then stops
     * any later hole): the recovery is {@code complete}, and the returned {@link CatchUp} hands out
     * {@code fromLog} then the cache's messages after it, in chunks, before the subscription turns
     * live. Returns null, registering nothing, when the cache has moved past the read. Same
     * threading as {@link #subscribe}.
     */
    public CatchUp subscribeAfterLog(
            Subscriber subscriber,
            EventLoop loop,
            SubscriptionRequest request,
            List<CachedMessage> fromLog) {
        LoopSubscriptions local = local(loop);
        Position last =
                fromLog.isEmpty() ? request.from() : fromLog.get(fromLog.size() - 1).position();
        Position head = last;
        lock.lock();
        try {
            SubjectLog log = cache.log(request.subject());
            if (log != null) {
                RecoveryPlan cached =
                        RecoveryPlanner.plan(
                                log, SubscriptionRequest.resume(request.subject(), last));
                if (cached.recovery() != Recovery.COMPLETE) {
                    return null;
                }
                head = cached.head();
            }
            loopsBySubject.computeIfAbsent(request.subject(), k -> new long[1])[0] |=
                    1L << local.index();
        } finally {
            lock.unlock();
        }
        Subscription s =
                new Subscription(
                        subscriber, request.subject(), DeliveryCursor.after(request.from()));
        s.catchUp();
        local.add(s);
        metrics.subscriptionsChanged(1);
        return new CatchUp(this, s, fromLog, head);
    }

    /**
     * The cached messages of {@code s}'s subject after the last one it delivered (empty: none);
     * throws {@link SequenceGapException} when the cache no longer connects to it. Must run on
     * {@code s}'s loop.
     */
    List<CachedMessage> cachedAfter(Subscription s) {
        lock.lock();
        try {
            SubjectLog log = cache.log(s.subject());
            if (log == null) {
                return List.of();
            }
            RecoveryPlan cached =
                    RecoveryPlanner.plan(log, SubscriptionRequest.resume(s.subject(), s.last()));
            if (cached.recovery() != Recovery.COMPLETE) {
                throw new SequenceGapException(
                        s.last(),
                        cached.replay().isEmpty()
                                ? cached.head()
                                : cached.replay().get(0).position());
            }
            return cached.replay();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A registered subscription, what its {@code subscribed} frame says, and the messages to replay
     * (oldest first, already admitted by the subscription's cursor).
     */
    public record Registration(
            Subscription subscription,
            Recovery recovery,
            Position head,
            List<CachedMessage> replay) {}

    /** Removes a subscription. Must run on {@code loop}. */
    public void unsubscribe(Subscription s, EventLoop loop) {
        LoopSubscriptions local = local(loop);
        boolean wasListed = local.contains(s);
        if (!wasListed) {
            return;
        }
        metrics.subscriptionsChanged(-1);
        if (!local.remove(s)) {
            return;
        }
        lock.lock();
        try {
            long[] mask = loopsBySubject.get(s.subject());
            if (mask != null) {
                mask[0] &= ~(1L << local.index());
                if (mask[0] == 0) {
                    loopsBySubject.remove(s.subject());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The index of {@code loop} among the hub's loops. */
    public int loopIndex(EventLoop loop) {
        LoopSubscriptions local = byLoop.get(loop);
        if (local == null) {
            throw new IllegalArgumentException("not one of the hub's event loops");
        }
        return local.index();
    }

    public long cacheMessages() {
        return cacheMessages;
    }

    public long cacheBytes() {
        return cacheBytes;
    }

    public int cacheSubjects() {
        return cacheSubjects;
    }

    private void publishStats() {
        cacheMessages = cache.totalMessages();
        cacheBytes = cache.totalBytes();
        cacheSubjects = cache.subjectCount();
    }

    private LoopSubscriptions local(EventLoop loop) {
        LoopSubscriptions local = byLoop.get(loop);
        if (local == null || !loop.inEventLoop()) {
            throw new IllegalStateException("not on one of the hub's event loops");
        }
        return local;
    }
}
