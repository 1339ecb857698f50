package io.herald.edge.cache;

import io.herald.edge.log.LogSafe;
import io.herald.wire.SequencedMessage;
import io.herald.wire.Subject;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's cache of sequenced messages, per subject, bounded by age, count per subject and total
 * bytes ({@link CacheLimits}); time comes from the injected {@link Clock}.
 *
 * <p>Contract: {@link #append} is called with every record of the sequenced topic in partition
 * order; it drops re-deliveries (by {@code source}) and out-of-order positions, and resets a
 * subject's proof after a hole in seq. Eviction always takes a subject's oldest message, so each
 * log stays contiguous and its {@link SubjectLog#anchor()} moves forward. Across subjects, the
 * message with the oldest timestamp goes first (a tree of logs ordered by their oldest message).
 *
 * <p>Not thread-safe: one owner serializes every call (the hub's lock).
 */
public final class MessageCache {
    private static final Logger LOG = LoggerFactory.getLogger(MessageCache.class);

    /** What {@link #append} did with a record. */
    public enum Outcome {
        ACCEPTED,
        ACCEPTED_AFTER_GAP,
        DUPLICATE,
        OUT_OF_ORDER;

        public boolean accepted() {
            return this == ACCEPTED || this == ACCEPTED_AFTER_GAP;
        }
    }

    private final CacheLimits limits;
    private final Clock clock;
    private final Map<Subject, SubjectLog> logs = new HashMap<>();
    private final TreeSet<SubjectLog> byOldest =
            new TreeSet<>(
                    Comparator.comparingLong((SubjectLog l) -> l.oldest().timestamp())
                            .thenComparingLong(l -> l.oldest().arrival()));
    private long totalBytes;
    private long totalMessages;
    private long arrivals;

    public MessageCache(CacheLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Adds the next record of the sequenced topic (see the class contract). */
    public Outcome append(SequencedMessage m) {
        long now = clock.millis();
        SubjectLog log = logs.computeIfAbsent(m.subject(), SubjectLog::new);
        Outcome outcome;
        switch (log.observe(m, now)) {
            case DUPLICATE:
                return Outcome.DUPLICATE;
            case OUT_OF_ORDER:
                LOG.error(
                        "out-of-order position dropped subject={} epoch={} seq={} head={} source={}",
                        LogSafe.text(m.subject()),
                        m.position().epoch(),
                        m.position().seq(),
                        log.head(),
                        LogSafe.text(m.source()));
                return Outcome.OUT_OF_ORDER;
            case AFTER_GAP:
                LOG.error(
                        "hole in seq, resetting the subject's recovery proof subject={} epoch={}"
                                + " seq={} head={}",
                        LogSafe.text(m.subject()),
                        m.position().epoch(),
                        m.position().seq(),
                        log.head());
                forget(log, log.clear());
                outcome = Outcome.ACCEPTED_AFTER_GAP;
                break;
            default:
                outcome = Outcome.ACCEPTED;
        }
        CachedMessage cached = CachedMessage.of(m, log.subject(), arrivals++);
        boolean wasEmpty = log.isEmpty();
        log.append(cached);
        totalBytes += cached.sizeBytes();
        totalMessages++;
        if (wasEmpty) {
            byOldest.add(log);
        }
        if (log.size() > limits.maxMessagesPerSubject()) {
            evictOldest(log);
        }
        while (totalBytes > limits.maxBytes() && !byOldest.isEmpty()) {
            evictOldest(byOldest.first());
        }
        expire(now);
        return outcome;
    }

    /** Evicts every message older than the TTL; returns how many. */
    public int expire() {
        return expire(clock.millis());
    }

    private int expire(long now) {
        long cutoff = now - limits.ttl().toMillis();
        int evicted = 0;
        while (!byOldest.isEmpty() && byOldest.first().oldest().timestamp() < cutoff) {
            evictOldest(byOldest.first());
            evicted++;
        }
        return evicted;
    }

    /**
     * Drops the logs of subjects with no cached message and no activity for a TTL: their head and
     * de-duplication state are of no further use. Returns how many were dropped.
     */
    public int dropIdleSubjects() {
        long cutoff = clock.millis() - limits.ttl().toMillis();
        int dropped = 0;
        for (Iterator<SubjectLog> it = logs.values().iterator(); it.hasNext(); ) {
            SubjectLog log = it.next();
            if (log.isEmpty() && log.lastActivityMillis() < cutoff) {
                it.remove();
                dropped++;
            }
        }
        return dropped;
    }

    /** The consumer skipped records: no subject's history can be vouched for any more. */
    public void breakContinuity() {
        for (SubjectLog log : logs.values()) {
            forget(log, log.breakContinuity());
        }
    }

    /** The log of a subject, or null when the edge knows nothing about it. */
    public SubjectLog log(Subject subject) {
        return logs.get(subject);
    }

    public long totalBytes() {
        return totalBytes;
    }

    public long totalMessages() {
        return totalMessages;
    }

    public int subjectCount() {
        return logs.size();
    }

    private void evictOldest(SubjectLog log) {
        byOldest.remove(log);
        CachedMessage m = log.removeOldest();
        totalBytes -= m.sizeBytes();
        totalMessages--;
        if (!log.isEmpty()) {
            byOldest.add(log);
        }
    }

    private void forget(SubjectLog log, List<CachedMessage> dropped) {
        if (dropped.isEmpty()) {
            return;
        }
        // The log is in the tree under its (former) oldest message: remove it by identity.
        byOldest.removeIf(l -> l == log);
        for (CachedMessage m : dropped) {
            totalBytes -= m.sizeBytes();
            totalMessages--;
        }
    }
}
