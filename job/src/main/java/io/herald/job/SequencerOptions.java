package io.herald.job;

import io.herald.cli.Cli;
import io.herald.cli.CommaList;
import io.herald.cli.ConfigOptions;
import io.herald.cli.Sizes;
import io.herald.kafka.KafkaClientFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The sequencer job's options, each defined once here: parsing, {@code --help} and the table of
 * docs/sequencer.md come from these fields, and the tools that must agree with the job (the
 * savepoint tool, the local stack) take its defaults from the constants below. Builds the {@link
 * SequencerConfig} the job receives.
 */
@Command(
        name = "herald-job",
        description = {
            "The Herald sequencer, a Flink job: stamps every message of the source topics with its"
                    + " subject's next position.",
            "Run: flink run herald-job-<version>-shaded.jar [OPTIONS]"
        })
public final class SequencerOptions implements ConfigOptions<SequencerConfig> {

    /** Option {@code --foo-bar} reads {@code HERALD_JOB_FOO_BAR}. */
    public static final String ENV_PREFIX = "HERALD_JOB";

    /** Default of {@code --bootstrap-servers}. */
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";

    /** Default of {@code --source-topics}. */
    public static final String DEFAULT_SOURCE_TOPICS = "demo";

    /** Default of {@code --sequenced-topic}. */
    public static final String DEFAULT_SEQUENCED_TOPIC = "messages.sequenced";

    /** Default of {@code --dead-letter-topic}. */
    public static final String DEFAULT_DEAD_LETTER_TOPIC = "messages.dead-letter";

    /** Default of {@code --group-id}. */
    public static final String DEFAULT_GROUP_ID = "herald-sequencer";

    /** Default of {@code --dedup-window}. */
    public static final String DEFAULT_DEDUP_WINDOW = "10min";

    @Spec CommandSpec spec;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT,...",
            defaultValue = DEFAULT_BOOTSTRAP_SERVERS,
            description = "Kafka brokers")
    String bootstrapServers;

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            description =
                    "Kafka client properties (`security.protocol`, SASL, SSL) for every Kafka"
                            + " client of the job; read where the job is submitted, secrets stay"
                            + " in the file (docs/deploy.md)")
    Path kafkaConfig;

    @Option(
            names = "--source-topics",
            paramLabel = "TOPIC,...",
            defaultValue = DEFAULT_SOURCE_TOPICS,
            description = "comma-separated source topics")
    String sourceTopics;

    @Option(
            names = "--source-topic-pattern",
            paramLabel = "REGEX",
            description =
                    "Java regex of source topics, instead of `--source-topics`; new matching"
                            + " topics are picked up within 10 s")
    String sourceTopicPattern;

    @Option(
            names = "--sequenced-topic",
            paramLabel = "TOPIC",
            defaultValue = DEFAULT_SEQUENCED_TOPIC,
            description = "output topic")
    String sequencedTopic;

    @Option(
            names = "--dead-letter-topic",
            paramLabel = "TOPIC",
            defaultValue = DEFAULT_DEAD_LETTER_TOPIC,
            description = "records that map to no valid subject")
    String deadLetterTopic;

    @Option(
            names = "--group-id",
            paramLabel = "ID",
            defaultValue = DEFAULT_GROUP_ID,
            description =
                    "source consumer group: each completed checkpoint's offsets are committed to"
                            + " it; where a start without state begins (else earliest). Use it"
                            + " for nothing else")
    String groupId;

    @Option(
            names = "--transactional-id-prefix",
            paramLabel = "PREFIX",
            defaultValue = "herald-sequencer",
            description =
                    "sequenced sink's transactional ids; the dead-letter sink adds"
                            + " `-dead-letter`. Unique per job on a cluster")
    String transactionalIdPrefix;

    @Option(
            names = "--delivery",
            paramLabel = "MODE",
            defaultValue = "exactly-once",
            converter = DeliveryConverter.class,
            description = "`exactly-once` or `low-latency`")
    Delivery delivery;

    @Option(
            names = "--checkpoint-interval",
            paramLabel = "DURATION",
            defaultValue = "1s",
            description = "checkpoint interval; bounds the exactly-once latency")
    Duration checkpointInterval;

    @Option(
            names = "--checkpoint-timeout",
            paramLabel = "DURATION",
            defaultValue = "1min",
            description =
                    "a checkpoint not complete by then fails the job, which restarts from the last"
                            + " one (e.g. when Kafka is unreachable)")
    Duration checkpointTimeout;

    @Option(
            names = "--checkpoint-dir",
            paramLabel = "URI",
            description =
                    "checkpoint storage, e.g. `file:///var/herald/checkpoints`; unset = the"
                            + " cluster's `execution.checkpointing.dir`")
    String checkpointDir;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description =
                    "job parallelism, at most 128 (the sequencer's max parallelism); unset = the"
                            + " cluster's default")
    Integer parallelism;

    @Option(
            names = "--transaction-timeout",
            paramLabel = "DURATION",
            defaultValue = "10min",
            description =
                    "sinks' `transaction.timeout.ms`, below the brokers'"
                            + " `transaction.max.timeout.ms` (15 min by default)")
    Duration transactionTimeout;

    @Option(
            names = "--max-record-bytes",
            paramLabel = "SIZE",
            defaultValue = "1MiB",
            converter = Sizes.IntBytes.class,
            description =
                    "largest record the job writes (sinks' `max.request.size`), 16KiB..32MiB;"
                            + " a larger one goes to the dead letters as `too-large`. At most the"
                            + " sequenced and dead-letter topics' `max.message.bytes`")
    int maxRecordBytes;

    @Option(
            names = "--subject-state-ttl",
            paramLabel = "DURATION",
            description =
                    "a subject without a message for that long loses its state and comes back in"
                            + " a new epoch; unset = kept for ever (state grows with every subject"
                            + " ever seen)")
    Duration subjectStateTtl;

    @Option(
            names = "--dedup-window",
            paramLabel = "DURATION",
            defaultValue = DEFAULT_DEDUP_WINDOW,
            description =
                    "a record whose (`publisher`, `message-id`) was sequenced on its subject"
                            + " within that long is a resend: it takes no position and its"
                            + " publisher is acknowledged with the original's; `0s` = off. Longer"
                            + " than clients keep resending (their publish timeout)")
    Duration dedupWindow;

    @Override
    public SequencerConfig toConfig() {
        Optional<String> pattern = Optional.ofNullable(sourceTopicPattern);
        // The topic list defaults to demo only when no pattern replaces it.
        List<String> topics =
                pattern.isPresent() && !Cli.given(spec, "--source-topics")
                        ? List.of()
                        : CommaList.parse("--source-topics", sourceTopics);
        return new SequencerConfig(
                bootstrapServers,
                KafkaClientFile.loadOrNone(kafkaConfig),
                topics,
                pattern,
                sequencedTopic,
                deadLetterTopic,
                groupId,
                transactionalIdPrefix,
                delivery,
                checkpointInterval,
                checkpointTimeout,
                Optional.ofNullable(checkpointDir),
                parallelism == null ? OptionalInt.empty() : OptionalInt.of(parallelism),
                transactionTimeout,
                maxRecordBytes,
                Optional.ofNullable(subjectStateTtl),
                dedupWindow);
    }

    /** Reads {@code --delivery} as {@link Delivery#parse} does. */
    public static final class DeliveryConverter implements ITypeConverter<Delivery> {
        @Override
        public Delivery convert(String value) {
            try {
                return Delivery.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
