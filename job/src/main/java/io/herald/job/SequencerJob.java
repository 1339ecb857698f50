package io.herald.job;

import io.herald.cli.Cli;
import io.herald.kafka.FailoverBackoff;
import io.herald.kafka.RequiredTopics;
import io.herald.kafka.TopicCheckException;
import io.herald.operators.DeadLetterSerializer;
import io.herald.operators.EpochClock;
import io.herald.operators.SequencedRecord;
import io.herald.operators.SequencedRecordSerializer;
import io.herald.operators.SequencerFunction;
import io.herald.operators.SourceOffsetCommitter;
import io.herald.operators.SourceRecord;
import io.herald.operators.SourceRecordDeserializer;
import io.herald.operators.SubjectKeySelector;
import io.herald.operators.Uids;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The sequencer job: Kafka source topics → keyBy(subject) → {@link SequencerFunction} → the
 * sequenced topic, with records that map to no valid subject → the dead-letter topic.
 *
 * <p>Other code runs the real wiring through {@link #environment} (or {@link #flinkConfiguration}
 * and {@link #build}): the local stack and integration tests on a MiniCluster, {@link #main} on a
 * cluster ({@code flink run}).
 */
public final class SequencerJob {

    /** The job's name on the cluster. */
    public static final String JOB_NAME = "herald-sequencer";

    /**
     * The sequencer's max parallelism: the number of key groups, fixed for the life of its state (a
     * savepoint restores only with the same value). Bounds the parallelism the job can be rescaled
     * to.
     */
    public static final int MAX_PARALLELISM = 128;

    /**
     * Network buffer timeout in low-latency mode (Flink's default, 100 ms, otherwise): none, each
     * record is flushed to the sequencer as it is emitted. A timeout instead wakes a flusher thread
     * per interval for ever, idle too (1 ms: 1,000 wake-ups a second); flushing per record costs
     * only while records flow, and a busy downstream already has data to read, so a flush then adds
     * no wake-up.
     */
    public static final Duration LOW_LATENCY_BUFFER_TIMEOUT = Duration.ZERO;

    /**
     * The first restart after a failure waits this long; restarts that keep failing wait twice as
     * long each time, up to {@link #RESTART_MAX_BACKOFF}.
     */
    public static final Duration RESTART_INITIAL_BACKOFF = Duration.ofMillis(100);

    /** The longest wait between two restarts of a job that keeps failing. */
    public static final Duration RESTART_MAX_BACKOFF = Duration.ofSeconds(10);

    /** Suffix of the dead-letter sink's transactional-id prefix. */
    public static final String DEAD_LETTER_TRANSACTIONAL_ID_SUFFIX = "-dead-letter";

    private SequencerJob() {}

    /**
     * The Flink configuration the job needs: RocksDB state with incremental checkpoints,
     * exactly-once checkpoints every {@link SequencerConfig#checkpointInterval()} that fail the job
     * after {@link SequencerConfig#checkpointTimeout()}, retained on cancellation, in {@link
     * SequencerConfig#checkpointDir()} when set; restarts without limit, the first one at once
     * ({@link #RESTART_INITIAL_BACKOFF}) and backing off while they keep failing; in low-latency
     * mode no network buffer timeout (a flush per record); the parallelism when set; object reuse
     * between chained operators; no Kryo. Pass it to {@code
     * StreamExecutionEnvironment.getExecutionEnvironment(conf)}.
     */
    public static Configuration flinkConfiguration(SequencerConfig c) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, c.checkpointInterval());
        conf.set(
                CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE,
                CheckpointingMode.EXACTLY_ONCE);
        conf.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, c.checkpointTimeout());
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        setRestartStrategy(conf);
        c.checkpointDir()
                .ifPresent(dir -> conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir));
        if (c.delivery() == Delivery.LOW_LATENCY) {
            conf.set(ExecutionOptions.BUFFER_TIMEOUT, LOW_LATENCY_BUFFER_TIMEOUT);
        }
        c.parallelism().ifPresent(p -> conf.set(CoreOptions.DEFAULT_PARALLELISM, p));
        // Every record type of the pipeline is immutable and no function keeps a reference to its
        // input, so chained operators may share objects instead of copying each record.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        // Every type crossing the network or kept in state has a serializer of its own; a type
        // that would fall back to Kryo fails the job at submission instead of slowing it down.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        return conf;
    }

    /**
     * Every failure is worth a restart (the sequencer has no poison input: bad records go to the
     * dead letters), so restart for ever; the first one after 100 ms rather than Flink's default 1
     * s, since every second of a restart is a second of silence for every subject; then back off
     * exponentially while restarts keep failing (Kafka unreachable, say), so the sinks' probing for
     * lingering transactions does not spin; a minute of running resets the backoff.
     */
    private static void setRestartStrategy(Configuration conf) {
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
                RESTART_INITIAL_BACKOFF);
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                RESTART_MAX_BACKOFF);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
                Duration.ofMinutes(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, 0.1);
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS,
                Integer.MAX_VALUE);
    }

    /**
     * An execution environment configured by {@link #flinkConfiguration} with the whole pipeline
     * built on it, ready to execute.
     */
    public static StreamExecutionEnvironment environment(SequencerConfig c) {
        return environment(c, UnaryOperator.identity());
    }

    /**
     * As {@link #environment(SequencerConfig)}, with {@code beforeSink} inserted as {@link
     * #build(StreamExecutionEnvironment, SequencerConfig, UnaryOperator)} says: for tests only.
     */
    public static StreamExecutionEnvironment environment(
            SequencerConfig c, UnaryOperator<DataStream<SequencedRecord>> beforeSink) {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(c));
        build(env, c, beforeSink);
        return env;
    }

    /** Adds the whole pipeline to {@code env}. */
    public static void build(StreamExecutionEnvironment env, SequencerConfig c) {
        build(env, c, UnaryOperator.identity());
    }

    /**
     * Adds the whole pipeline to {@code env}, with {@code beforeSink} applied to the sequenced
     * stream between the sequencer and the sequenced sink. For tests only: they insert a stage
     * there (one that fails once, to force a restore) and still run the production wiring. A
     * production job uses {@link #build(StreamExecutionEnvironment, SequencerConfig)}.
     */
    public static void build(
            StreamExecutionEnvironment env,
            SequencerConfig c,
            UnaryOperator<DataStream<SequencedRecord>> beforeSink) {
        DataStream<SourceRecord> records =
                env.fromSource(source(c), WatermarkStrategy.noWatermarks(), "kafka-source")
                        .uid(Uids.SOURCE)
                        .name("kafka-source")
                        .map(
                                new SourceOffsetCommitter(
                                        c.bootstrapServers(),
                                        c.kafkaClient().properties(),
                                        c.groupId()))
                        .uid(SourceOffsetCommitter.UID)
                        .name("source-offsets");
        SingleOutputStreamOperator<SequencedRecord> sequenced =
                records.keyBy(new SubjectKeySelector())
                        .process(
                                new SequencerFunction(
                                        EpochClock.system(), c.subjectStateTtl(), c.dedupWindow()))
                        .uid(SequencerFunction.UID)
                        .name("sequencer")
                        .setMaxParallelism(MAX_PARALLELISM);
        beforeSink
                .apply(sequenced)
                .sinkTo(
                        sink(
                                c,
                                new SequencedRecordSerializer(c.sequencedTopic()),
                                c.transactionalIdPrefix()))
                .uid(Uids.SEQUENCED_SINK)
                .name("sequenced-sink");
        sequenced
                .getSideOutput(SequencerFunction.DEAD_LETTERS)
                .sinkTo(
                        sink(
                                c,
                                new DeadLetterSerializer(c.deadLetterTopic()),
                                c.transactionalIdPrefix() + DEAD_LETTER_TRANSACTIONAL_ID_SUFFIX))
                .uid(Uids.DEAD_LETTER_SINK)
                .name("dead-letter-sink")
                // Tasks of its own (its writer, its committer), so that after a failure it
                // initialises (re-commits the last checkpoint's transaction, aborts the lingering
                // ones) while the sequencer's task restores its state and initialises the
                // sequenced sink, rather than after them: one task's operators initialise one
                // after the other. Dead letters are rare: the hop costs nothing in steady state.
                .disableChaining();
    }

    /**
     * Parses the flags (over {@code HERALD_JOB_*} variables), checks that the output topics accept
     * records of {@code --max-record-bytes} ({@link TopicLimits}), builds the job and runs it until
     * it is cancelled or fails. {@code --help} prints the options. A bad flag prints the reason to
     * stderr and fails with it: {@code flink run} then exits non-zero, a REST {@code /jars/:id/run}
     * answers with the reason. It never calls {@code System.exit}, which would stop a JobManager
     * that runs {@code main}. Before it builds anything, the topics it reads and writes must exist
     * ({@link #requireTopics}).
     */
    public static void main(String[] args) throws Exception {
        Optional<SequencerConfig> config =
                Cli.parseMain(
                        new SequencerOptions(),
                        SequencerOptions.ENV_PREFIX,
                        System.getenv(),
                        System.out,
                        System.err,
                        args);
        if (config.isEmpty()) {
            return;
        }
        try {
            requireTopics(config.get());
        } catch (TopicCheckException e) {
            System.err.println("herald-job: " + e.getMessage());
            throw e;
        }
        TopicLimits.check(config.get());
        environment(config.get()).execute(JOB_NAME);
    }

    /**
     * Fails with a {@link TopicCheckException} naming the topics that do not exist: the sequenced
     * and dead-letter topics, and the source topics when they are listed (a pattern may match
     * topics created later), or when Kafka does not answer in time.
     */
    public static void requireTopics(SequencerConfig c) {
        List<String> topics = new ArrayList<>(c.sourceTopics());
        topics.add(c.sequencedTopic());
        topics.add(c.deadLetterTopic());
        RequiredTopics.check(
                c.bootstrapServers(), c.kafkaClient(), topics, RequiredTopics.DEFAULT_TIMEOUT);
    }

    private static KafkaSource<SourceRecord> source(SequencerConfig c) {
        KafkaSourceBuilder<SourceRecord> builder =
                KafkaSource.<SourceRecord>builder()
                        .setProperties(
                                c.kafkaClient().applyToProperties(FailoverBackoff.settings()))
                        .setBootstrapServers(c.bootstrapServers())
                        .setGroupId(c.groupId())
                        .setClientIdPrefix(c.groupId())
                        .setStartingOffsets(
                                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setDeserializer(new SourceRecordDeserializer(c.recordSizeLimit()))
                        .setProperty("isolation.level", "read_committed")
                        // SourceOffsetCommitter commits each completed checkpoint's offsets at
                        // once; the connector's own commit waits for its fetcher's poll (up to
                        // 10 s on an idle source) and is dropped when the job stops first.
                        .setProperty("commit.offsets.on.checkpoint", "false");
        c.compiledSourceTopicPattern()
                .ifPresentOrElse(
                        pattern ->
                                builder.setTopicPattern(pattern)
                                        .setProperty(
                                                "partition.discovery.interval.ms",
                                                Long.toString(
                                                        SequencerConfig.TOPIC_DISCOVERY_INTERVAL
                                                                .toMillis())),
                        () -> builder.setTopics(c.sourceTopics()));
        return builder.build();
    }

    private static <T> KafkaSink<T> sink(
            SequencerConfig c, KafkaRecordSerializationSchema<T> serializer, String idPrefix) {
        boolean lowLatency = c.delivery() == Delivery.LOW_LATENCY;
        // The --kafka-config file's tuning (linger.ms, batch.size) wins over these defaults; its
        // reserved keys (acks, enable.idempotence) cannot be in it.
        Map<String, Object> producer = new HashMap<>();
        producer.put("transaction.timeout.ms", Long.toString(c.transactionTimeout().toMillis()));
        // Exactly-once output becomes visible at the checkpoint's commit, and the writer flushes
        // the producer at every checkpoint, so lingering there delays no reader: it buys larger
        // batches, fewer requests for the producer and the broker. In low-latency mode 5 ms make
        // one produce request per 5 ms instead of one per record at moderate rates.
        producer.put("linger.ms", lowLatency ? "5" : "50");
        producer.put("batch.size", lowLatency ? "16384" : "262144");
        producer.put("acks", "all");
        producer.put("enable.idempotence", "true");
        producer.putAll(FailoverBackoff.settings());
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(c.kafkaClient().applyToProperties(producer))
                .setBootstrapServers(c.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(
                        lowLatency
                                ? DeliveryGuarantee.AT_LEAST_ONCE
                                : DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(idPrefix)
                // Over the file's: records up to --max-record-bytes were let through to this sink.
                .setProperty("max.request.size", Integer.toString(c.maxRecordBytes()))
                .build();
    }
}
