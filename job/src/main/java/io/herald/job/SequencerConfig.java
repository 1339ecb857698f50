package io.herald.job;

import io.herald.cli.Cli;
import io.herald.kafka.KafkaClientFile;
import io.herald.operators.RecordSizeLimit;
import io.herald.wire.Subject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The sequencer job's configuration, parsed once from the command line ({@link #parse}, from the
 * options {@link SequencerOptions} defines); every option has a default that works against a local
 * broker ({@link #defaults()}).
 *
 * @param bootstrapServers {@code --bootstrap-servers}, default {@code 127.0.0.1:9092}
 * @param kafkaClient {@code --kafka-config}: client properties (SASL, SSL) for every Kafka client
 *     of the job (sources, sinks, the offset committer), or {@link KafkaClientFile#none()}
 * @param sourceTopics {@code --source-topics}, comma-separated, default {@code demo}; empty when
 *     {@code sourceTopicPattern} is set
 * @param sourceTopicPattern {@code --source-topic-pattern}, a Java regex matched against topic
 *     names (new matching topics are picked up within {@link #TOPIC_DISCOVERY_INTERVAL}); unset by
 *     default
 * @param sequencedTopic {@code --sequenced-topic}, default {@code messages.sequenced}
 * @param deadLetterTopic {@code --dead-letter-topic}, default {@code messages.dead-letter}
 * @param groupId {@code --group-id}: the source's consumer group (offsets committed on each
 *     checkpoint, and read at a first start), default {@code herald-sequencer}
 * @param transactionalIdPrefix {@code --transactional-id-prefix}: the sequenced sink's; the
 *     dead-letter sink uses it plus {@code -dead-letter}. Unique per job on a Kafka cluster;
 *     default {@code herald-sequencer}
 * @param delivery {@code --delivery exactly-once|low-latency}, default exactly-once
 * @param checkpointInterval {@code --checkpoint-interval}, e.g. {@code 1s}, {@code 500ms}; default
 *     1 s
 * @param checkpointTimeout {@code --checkpoint-timeout}: a checkpoint that takes longer fails the
 *     job, which restarts from the last completed one; default 1 min
 * @param checkpointDir {@code --checkpoint-dir}, a URI such as {@code file:///var/herald/ckpt};
 *     unset = the cluster's {@code execution.checkpointing.dir}
 * @param parallelism {@code --parallelism}; unset = the cluster's default
 * @param transactionTimeout {@code --transaction-timeout}: the sinks' {@code
 *     transaction.timeout.ms}, at most the brokers' {@code transaction.max.timeout.ms} (15 min by
 *     default); default 10 min
 * @param maxRecordBytes {@code --max-record-bytes}: the largest record the job writes (the sinks'
 *     {@code max.request.size}); a source record whose sequenced form would be larger goes to the
 *     dead letters with reason {@code too-large}. Default 1 MiB, Kafka's default; 16 KiB..32 MiB
 * @param subjectStateTtl {@code --subject-state-ttl}: a subject without a message for that long
 *     loses its position state and starts a new epoch when it comes back; unset (the default) keeps
 *     every subject's state for ever
 * @param dedupWindow {@code --dedup-window}: a record whose {@code (publisher, message-id)} was
 *     sequenced on its subject within that long is a resend, answered with the original's position
 *     instead of a new one; zero turns de-duplication off; default 10 min
 */
public record SequencerConfig(
        String bootstrapServers,
        KafkaClientFile kafkaClient,
        List<String> sourceTopics,
        Optional<String> sourceTopicPattern,
        String sequencedTopic,
        String deadLetterTopic,
        String groupId,
        String transactionalIdPrefix,
        Delivery delivery,
        Duration checkpointInterval,
        Duration checkpointTimeout,
        Optional<String> checkpointDir,
        OptionalInt parallelism,
        Duration transactionTimeout,
        int maxRecordBytes,
        Optional<Duration> subjectStateTtl,
        Duration dedupWindow) {

    /** How often a topic pattern is re-evaluated against the cluster's topics. */
    public static final Duration TOPIC_DISCOVERY_INTERVAL = Duration.ofSeconds(10);

    public SequencerConfig {
        requireText(bootstrapServers, "--bootstrap-servers");
        Objects.requireNonNull(kafkaClient, "kafkaClient");
        sourceTopics = List.copyOf(sourceTopics);
        Objects.requireNonNull(sourceTopicPattern, "sourceTopicPattern");
        if (sourceTopics.isEmpty() == sourceTopicPattern.isEmpty()) {
            throw new IllegalArgumentException(
                    "give either --source-topics or --source-topic-pattern, not both or neither");
        }
        requireTopic(sequencedTopic, "--sequenced-topic");
        requireTopic(deadLetterTopic, "--dead-letter-topic");
        sourceTopics.forEach(t -> requireTopic(t, "--source-topics"));
        sourceTopicPattern.ifPresent(
                regex -> {
                    Pattern pattern = compile(regex);
                    if (pattern.matcher(sequencedTopic).matches()
                            || pattern.matcher(deadLetterTopic).matches()) {
                        throw new IllegalArgumentException(
                                "--source-topic-pattern must not match the sequenced or"
                                        + " dead-letter topic: the job would read its own output");
                    }
                });
        if (sequencedTopic.equals(deadLetterTopic)) {
            throw new IllegalArgumentException(
                    "--sequenced-topic and --dead-letter-topic must differ");
        }
        if (sourceTopics.contains(sequencedTopic) || sourceTopics.contains(deadLetterTopic)) {
            throw new IllegalArgumentException(
                    "the sequenced and dead-letter topics cannot be source topics");
        }
        requireText(groupId, "--group-id");
        requireText(transactionalIdPrefix, "--transactional-id-prefix");
        Objects.requireNonNull(delivery, "delivery");
        requirePositive(checkpointInterval, "--checkpoint-interval");
        requirePositive(checkpointTimeout, "--checkpoint-timeout");
        Objects.requireNonNull(checkpointDir, "checkpointDir");
        Objects.requireNonNull(parallelism, "parallelism");
        parallelism.ifPresent(
                p -> {
                    if (p < 1 || p > SequencerJob.MAX_PARALLELISM) {
                        throw new IllegalArgumentException(
                                "--parallelism must be 1.."
                                        + SequencerJob.MAX_PARALLELISM
                                        + " (the max parallelism), was "
                                        + p);
                    }
                });
        requirePositive(transactionTimeout, "--transaction-timeout");
        if (maxRecordBytes < RecordSizeLimit.MIN_BYTES
                || maxRecordBytes > RecordSizeLimit.MAX_BYTES) {
            throw new IllegalArgumentException(
                    "--max-record-bytes must be 16KiB..32MiB (the producer's buffer.memory), was "
                            + maxRecordBytes);
        }
        Objects.requireNonNull(subjectStateTtl, "subjectStateTtl");
        subjectStateTtl.ifPresent(ttl -> requirePositive(ttl, "--subject-state-ttl"));
        if (dedupWindow == null || dedupWindow.isNegative()) {
            throw new IllegalArgumentException(
                    "--dedup-window must be zero (off) or positive, was " + dedupWindow);
        }
    }

    /** The defaults: a local broker, source topic {@code demo}, exactly-once, 1 s checkpoints. */
    public static SequencerConfig defaults() {
        return parse();
    }

    /**
     * Parses {@code --flag value} or {@code --flag=value} arguments over the defaults, as {@link
     * SequencerOptions} defines them (environment variables are not read here; the job's {@code
     * main} reads them). Throws {@link io.herald.cli.UsageException} (an IllegalArgumentException)
     * naming the flag for an unknown or repeated flag, a missing or bad value.
     */
    public static SequencerConfig parse(String... args) {
        return Cli.parse(new SequencerOptions(), SequencerOptions.ENV_PREFIX, Map.of(), args);
    }

    /** The record size limit of {@link #maxRecordBytes}. */
    public RecordSizeLimit recordSizeLimit() {
        return new RecordSizeLimit(maxRecordBytes);
    }

    /** The pattern of {@link #sourceTopicPattern}, compiled. */
    public Optional<Pattern> compiledSourceTopicPattern() {
        return sourceTopicPattern.map(SequencerConfig::compile);
    }

    private static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "--source-topic-pattern is not a valid regex: " + e.getMessage(), e);
        }
    }

    private static void requireText(String value, String flag) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(flag + " must not be empty");
        }
    }

    private static void requireTopic(String topic, String flag) {
        if (topic == null || !Subject.isValidTopic(topic)) {
            throw new IllegalArgumentException(
                    flag + ": not a Kafka topic name of 1-249 [a-zA-Z0-9._-]: '" + topic + "'");
        }
    }

    private static void requirePositive(Duration d, String flag) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(flag + " must be positive, was " + d);
        }
    }
}
