package io.herald.edge.kafka;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.TopicPartition;

/**
 * The proof that the edge has read everything committed to the sequenced topic up to some moment,
 * and so how stale it may be.
 *
 * <p>At time T the consumer asks the brokers for the end of every partition ({@code
 * read_committed}: the last stable offset). Once its positions have reached those ends, every
 * message committed before T is in the cache or on its way to the clients: the edge is <em>caught
 * up as of T</em>. Its <em>staleness</em> is the time since the latest such T. Nothing else proves
 * it: an idle topic polls no records, and a consumer cut off from the brokers polls none either,
 * without an error. While the link is cut or stalled the questions go unanswered, the proofs stop,
 * and the staleness grows, although the cache keeps serving.
 *
 * <p>Ends only grow, so proofs settle in the order they were asked; at most {@link #MAX_PENDING}
 * wait (an edge far behind keeps its oldest and its newest). Updated by the consumer thread only;
 * {@link #caughtUpAt()} and {@link #lagRecords()} are read from any thread.
 */
final class CatchUp {

    static final int MAX_PENDING = 16;

    /** The ends the brokers reported for a question asked at {@code askedAt}. */
    private record Proof(long askedAt, Map<TopicPartition, Long> ends) {}

    private final ArrayDeque<Proof> pending = new ArrayDeque<>();
    private volatile long caughtUpAt = -1;
    private volatile long lagRecords = -1;

    /**
     * The brokers answered a question asked at {@code askedAt} (epoch millis) with {@code ends}.
     */
    void reported(long askedAt, Map<TopicPartition, Long> ends) {
        if (pending.size() == MAX_PENDING) {
            pending.removeLast();
        }
        pending.addLast(new Proof(askedAt, Map.copyOf(ends)));
    }

    /**
     * The consumer's positions now: settles every proof they have reached, and measures the lag
     * against the newest ends reported.
     */
    void positions(ToLongFunction<TopicPartition> position) {
        while (!pending.isEmpty() && reached(pending.peekFirst(), position)) {
            caughtUpAt = Math.max(caughtUpAt, pending.pollFirst().askedAt());
        }
        Proof newest = pending.peekLast();
        lagRecords = newest == null ? 0 : lag(newest, position);
    }

    /** When the edge was last proven caught up (epoch millis), or -1 before the first proof. */
    long caughtUpAt() {
        return caughtUpAt;
    }

    /**
     * Records between the consumer's positions and the newest ends the brokers reported (0 once
     * caught up with them), or -1 before the first answer. It cannot see records committed after
     * the last answer: while the link is down, staleness is the measure.
     */
    long lagRecords() {
        return lagRecords;
    }

    private static boolean reached(Proof proof, ToLongFunction<TopicPartition> position) {
        return lag(proof, position) == 0;
    }

    private static long lag(Proof proof, ToLongFunction<TopicPartition> position) {
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> e : proof.ends().entrySet()) {
            lag += Math.max(0, e.getValue() - position.applyAsLong(e.getKey()));
        }
        return lag;
    }
}
