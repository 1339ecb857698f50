package io.herald.savepoints;

import io.herald.kafka.KafkaClientFile;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code rebuild} is asked to do, parsed once from its options ({@link RebuildOptions}, whose
 * defaults are the job's).
 *
 * @param bootstrapServers the Kafka cluster holding the sequenced topic
 * @param kafkaClient {@code --kafka-config}: client properties (SASL, SSL) for the tool's Kafka
 *     clients, or {@link KafkaClientFile#none()}
 * @param sequencedTopic the topic the job writes
 * @param deadLetterTopic the job's dead-letter topic: its records' sources count as processed too
 * @param groupId the job's source consumer group
 * @param commitSourceOffsets whether to set {@code groupId}'s committed offsets to just after the
 *     last source record found in the two topics, so that the restored job, whose source has no
 *     state in the rebuilt savepoint, resumes exactly there
 * @param output the directory of the new savepoint (must not exist yet)
 * @param maxParallelism the job's max parallelism: keyed state is split into this many key groups
 *     and a job restores only a savepoint with the same number
 * @param dedupWindow the job's de-duplication window: the publish ids sequenced within it before
 *     the rebuild are written into the new savepoint (zero: none)
 * @param readTimeout how long the scan may wait for the topic's metadata and records before it
 *     gives up
 */
public record RebuildConfig(
        String bootstrapServers,
        KafkaClientFile kafkaClient,
        String sequencedTopic,
        String deadLetterTopic,
        String groupId,
        boolean commitSourceOffsets,
        String output,
        int maxParallelism,
        Duration dedupWindow,
        Duration readTimeout) {

    /** Flink's upper bound for max parallelism. */
    static final int UPPER_MAX_PARALLELISM = 1 << 15;

    public RebuildConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(kafkaClient, "kafkaClient");
        Objects.requireNonNull(sequencedTopic, "sequencedTopic");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(dedupWindow, "dedupWindow");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (maxParallelism < 1 || maxParallelism > UPPER_MAX_PARALLELISM) {
            throw new IllegalArgumentException(
                    "--max-parallelism must be 1.."
                            + UPPER_MAX_PARALLELISM
                            + ", was "
                            + maxParallelism);
        }
        if (dedupWindow.isNegative()) {
            throw new IllegalArgumentException("--dedup-window must not be negative");
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("--read-timeout must be positive");
        }
    }
}
