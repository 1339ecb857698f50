package io.herald.savepoints;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the job's source resumes after a rebuild: for each source partition, the offset just after
 * the last source record the job processed (found in the {@code source} headers of the sequenced
 * and dead-letter topics). In exactly-once mode those topics hold exactly the records of completed
 * checkpoints, so resuming there neither skips nor repeats a source record.
 */
public final class SourceOffsets {

    private SourceOffsets() {}

    /** The resume offsets: one past the highest processed offset of each partition. */
    public static Map<TopicPartition, Long> resumeAfter(TopicScan... scans) {
        Map<TopicPartition, Long> next = new HashMap<>();
        for (TopicScan scan : scans) {
            scan.sourceOffsets().forEach((tp, offset) -> next.merge(tp, offset + 1, Math::max));
        }
        return next;
    }

    /**
     * Commits {@code offsets} for {@code groupId}. The group must have no active member: stop the
     * job first (Flink's Kafka source commits offsets but never joins the group, so a stopped job
     * leaves it empty).
     */
    public static void commit(
            Admin admin, String groupId, Map<TopicPartition, Long> offsets, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        offsets.forEach((tp, offset) -> commit.put(tp, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(groupId, commit)
                .all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@code topic:partition=offset, ...} sorted, for people. */
    public static String describe(Map<TopicPartition, Long> offsets) {
        Map<String, Long> sorted = new TreeMap<>();
        offsets.forEach((tp, offset) -> sorted.put(tp.topic() + ":" + tp.partition(), offset));
        return sorted.toString();
    }
}
