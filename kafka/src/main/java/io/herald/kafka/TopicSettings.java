package io.herald.kafka;

import java.time.Duration;
import java.util.Map;

/**
 * How Herald's topics are created: partitions, replication and the topic configs that matter.
 *
 * @param partitions partitions of the topic
 * @param replicationFactor copies of each partition (3 in production)
 * @param minInsyncReplicas copies a write must reach before it is acknowledged ({@code acks=all})
 * @param retention how long records are kept: for the sequenced topic, how far back an edge can
 *     warm its cache and the savepoint tool can rebuild the state
 */
public record TopicSettings(
        int partitions, short replicationFactor, int minInsyncReplicas, Duration retention) {

    public TopicSettings {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1");
        }
        if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException(
                    "min.insync.replicas must be between 1 and the replication factor ("
                            + replicationFactor
                            + ")");
        }
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive");
        }
    }

    /** The topic configs of a new topic with these settings. */
    public Map<String, String> configs() {
        return Map.of(
                "min.insync.replicas", Integer.toString(minInsyncReplicas),
                "retention.ms", Long.toString(retention.toMillis()),
                "cleanup.policy", "delete");
    }
}
