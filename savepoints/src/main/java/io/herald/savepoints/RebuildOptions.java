package io.herald.savepoints;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Options of {@code rebuild}.
 *
 * @param bootstrapServers the Kafka cluster holding the sequenced topic
 * @param sequencedTopic the topic the job writes (default {@code messages.sequenced})
 * @param deadLetterTopic the job's dead-letter topic (default {@code messages.dead-letter}): its
 *     records' sources count as processed too
 * @param groupId the job's source consumer group (default {@code herald-sequencer})
 * @param commitSourceOffsets whether to set {@code groupId}'s committed offsets to just after the
 *     last source record found in the two topics (default true), so that the restored job, whose
 *     source has no state in the rebuilt savepoint, resumes exactly there
 * @param output the directory of the new savepoint (must not exist yet)
 * @param maxParallelism the job's max parallelism: keyed state is split into this many key groups
 *     and a job restores only a savepoint with the same number (default {@value
 *     #DEFAULT_MAX_PARALLELISM}, the job's default)
 * @param readTimeout how long the scan may wait for the topic's metadata and records before it
 *     gives up (default 2 minutes)
 */
public record RebuildOptions(
        String bootstrapServers,
        String sequencedTopic,
        String deadLetterTopic,
        String groupId,
        boolean commitSourceOffsets,
        String output,
        int maxParallelism,
        Duration readTimeout) {

    /** The sequencer job's default max parallelism (its {@code --max-parallelism}). */
    public static final int DEFAULT_MAX_PARALLELISM = 128;

    /** Flink's upper bound for max parallelism. */
    static final int UPPER_MAX_PARALLELISM = 1 << 15;

    static final Set<String> NAMES =
            Set.of(
                    "bootstrap-servers",
                    "sequenced-topic",
                    "dead-letter-topic",
                    "group-id",
                    "commit-source-offsets",
                    "output",
                    "max-parallelism",
                    "read-timeout-seconds");

    public RebuildOptions {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(sequencedTopic, "sequencedTopic");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (maxParallelism < 1 || maxParallelism > UPPER_MAX_PARALLELISM) {
            throw new IllegalArgumentException("maxParallelism out of range: " + maxParallelism);
        }
    }

    /** Parses the arguments after {@code rebuild}. */
    public static RebuildOptions parse(List<String> args) {
        CliArgs a = CliArgs.parse(args, NAMES);
        return new RebuildOptions(
                a.optional("bootstrap-servers", "localhost:9092"),
                a.optional("sequenced-topic", "messages.sequenced"),
                a.optional("dead-letter-topic", "messages.dead-letter"),
                a.optional("group-id", "herald-sequencer"),
                a.bool("commit-source-offsets", true),
                a.required("output"),
                a.intInRange("max-parallelism", DEFAULT_MAX_PARALLELISM, 1, UPPER_MAX_PARALLELISM),
                Duration.ofSeconds(a.intInRange("read-timeout-seconds", 120, 1, 86_400)));
    }
}
