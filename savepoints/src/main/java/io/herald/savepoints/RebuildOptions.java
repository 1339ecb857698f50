package io.herald.savepoints;

import io.herald.cli.ConfigOptions;
import io.herald.job.SequencerJob;
import io.herald.job.SequencerOptions;
import io.herald.kafka.KafkaClientFile;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The options of {@code rebuild}, each defined once here, with the job's defaults ({@link
 * SequencerOptions}, {@link SequencerJob#MAX_PARALLELISM}): parsing, {@code --help} and the table
 * of docs/operations.md come from these fields.
 */
@Command(
        name = "rebuild",
        description =
                "Writes a new savepoint from the sequenced topic when the job's state is lost, and"
                        + " sets the job's consumer group to resume after the last processed"
                        + " source record. Stop the job first.")
final class RebuildOptions implements ConfigOptions<RebuildConfig> {

    @Option(
            names = "--output",
            paramLabel = "PATH",
            required = true,
            description =
                    "the new savepoint's directory (`file:///...`, or any Flink file system);"
                            + " must not exist")
    String output;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT,...",
            defaultValue = SequencerOptions.DEFAULT_BOOTSTRAP_SERVERS,
            description = "the Kafka cluster")
    String bootstrapServers;

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            description =
                    "Kafka client properties (`security.protocol`, SASL, SSL) for the tool's Kafka"
                            + " clients, as the job's `--kafka-config`")
    Path kafkaConfig;

    @Option(
            names = "--sequenced-topic",
            paramLabel = "TOPIC",
            defaultValue = SequencerOptions.DEFAULT_SEQUENCED_TOPIC,
            description = "the job's output topic")
    String sequencedTopic;

    @Option(
            names = "--dead-letter-topic",
            paramLabel = "TOPIC",
            defaultValue = SequencerOptions.DEFAULT_DEAD_LETTER_TOPIC,
            description =
                    "the job's dead-letter topic (skipped with a warning if it does not exist)")
    String deadLetterTopic;

    @Option(
            names = "--group-id",
            paramLabel = "ID",
            defaultValue = SequencerOptions.DEFAULT_GROUP_ID,
            description = "the job's source consumer group, whose offsets are set")
    String groupId;

    @Option(
            names = "--commit-source-offsets",
            paramLabel = "true|false",
            arity = "1",
            defaultValue = "true",
            description = "`false` only prints the offsets the source should resume from")
    boolean commitSourceOffsets;

    @Option(
            names = "--max-parallelism",
            paramLabel = "N",
            defaultValue = "" + SequencerJob.MAX_PARALLELISM,
            description = "must equal the job's max parallelism (`SequencerJob.MAX_PARALLELISM`)")
    int maxParallelism;

    @Option(
            names = "--dedup-window",
            paramLabel = "DURATION",
            defaultValue = SequencerOptions.DEFAULT_DEDUP_WINDOW,
            description =
                    "the job's `--dedup-window`: the publish ids of records sequenced within that"
                            + " long before the rebuild are written into the de-duplication state,"
                            + " so that a resend still gets its original position; `0s` = none")
    Duration dedupWindow;

    @Option(
            names = "--read-timeout",
            paramLabel = "DURATION",
            defaultValue = "2min",
            description = "give up when the topics cannot be read to their end within this time")
    Duration readTimeout;

    @Override
    public RebuildConfig toConfig() {
        return new RebuildConfig(
                bootstrapServers,
                KafkaClientFile.loadOrNone(kafkaConfig),
                sequencedTopic,
                deadLetterTopic,
                groupId,
                commitSourceOffsets,
                output,
                maxParallelism,
                dedupWindow,
                readTimeout);
    }
}
