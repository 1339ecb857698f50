package io.herald.edge.fanout;

import io.herald.edge.cache.CachedMessage;
import io.herald.edge.recovery.SequenceGapException;
import io.herald.wire.Position;
import java.util.ArrayList;
import java.util.List;

/**
 * The replay of a deep recovery, handed out in chunks so that it obeys the connection's outbound
 * limit: first the messages read from Kafka, then the cache's after the last one written, until the
 * cache holds nothing newer; the subscription then turns live. Until then the fan-out skips it (its
 * messages are in the cache, which the next chunk reads), so however long the client takes, nothing
 * is held for it but the shared read and the cache. Every message passes the subscription's cursor,
 * so there is no duplicate, and a hole throws. Confined to the subscription's event loop.
 */
public final class CatchUp {
    private final Hub hub;
    private final Subscription subscription;
    private final List<CachedMessage> fromLog;
    private final Position head;
    private int nextFromLog;
    private List<CachedMessage> fromCache = List.of();
    private int nextFromCache;
    private boolean live;

    CatchUp(Hub hub, Subscription subscription, List<CachedMessage> fromLog, Position head) {
        this.hub = hub;
        this.subscription = subscription;
        this.fromLog = fromLog;
        this.head = head;
    }

    public Subscription subscription() {
        return subscription;
    }

    /**
     * The subject's head when the subscription was registered, for the {@code subscribed} frame.
     */
    public Position head() {
        return head;
    }

    /**
     * The next messages to write, admitted by the subscription's cursor: at least one, and more
     * while their size stays within {@code budgetBytes}. Empty when the replay is over: the
     * subscription is live from now on. Throws {@link SequenceGapException} when the cache moved
     * past the last message written (its client was too slow for the subject's cache).
     */
    public List<CachedMessage> next(long budgetBytes) {
        List<CachedMessage> chunk = new ArrayList<>();
        long bytes = 0;
        while (chunk.isEmpty() || bytes < budgetBytes) {
            CachedMessage m = pull();
            if (m == null) {
                break;
            }
            if (subscription.admit(m.position())) {
                chunk.add(m);
                bytes += m.sizeBytes();
            }
        }
        return chunk;
    }

    /**
     * The next candidate, or null when the cache has nothing newer (then the subscription is live).
     */
    private CachedMessage pull() {
        if (live) {
            return null;
        }
        if (nextFromLog < fromLog.size()) {
            return fromLog.get(nextFromLog++);
        }
        if (nextFromCache == fromCache.size()) {
            fromCache = hub.cachedAfter(subscription);
            nextFromCache = 0;
            if (fromCache.isEmpty()) {
                live = true;
                subscription.goLive();
                return null;
            }
        }
        return fromCache.get(nextFromCache++);
    }
}
