package io.herald.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.cli.Cli;
import io.herald.cli.UsageException;
import io.herald.kafka.KafkaClientFile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.junit.jupiter.api.Test;

class SequencerConfigTest {

    @Test
    void defaultsWorkAgainstALocalBroker() {
        SequencerConfig c = SequencerConfig.defaults();

        assertThat(c.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(c.sourceTopics()).containsExactly("demo");
        assertThat(c.sourceTopicPattern()).isEmpty();
        assertThat(c.sequencedTopic()).isEqualTo("messages.sequenced");
        assertThat(c.deadLetterTopic()).isEqualTo("messages.dead-letter");
        assertThat(c.groupId()).isEqualTo("herald-sequencer");
        assertThat(c.transactionalIdPrefix()).isEqualTo("herald-sequencer");
        assertThat(c.delivery()).isEqualTo(Delivery.EXACTLY_ONCE);
        assertThat(c.checkpointInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.checkpointDir()).isEmpty();
        assertThat(c.parallelism()).isEmpty();
        assertThat(c.transactionTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.maxRecordBytes()).isEqualTo(1024 * 1024);
        assertThat(c.subjectStateTtl()).isEmpty();
        assertThat(c.dedupWindow()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void parsesEveryFlagInBothForms() {
        SequencerConfig c =
                SequencerConfig.parse(
                        "--bootstrap-servers",
                        "k1:9092,k2:9092",
                        "--source-topics=orders, chat",
                        "--sequenced-topic",
                        "seq",
                        "--dead-letter-topic",
                        "dlq",
                        "--group-id",
                        "g",
                        "--transactional-id-prefix",
                        "tx",
                        "--delivery",
                        "low-latency",
                        "--checkpoint-interval",
                        "250ms",
                        "--checkpoint-timeout",
                        "30s",
                        "--checkpoint-dir",
                        "file:///var/herald/ck",
                        "--parallelism",
                        "4",
                        "--transaction-timeout",
                        "2min",
                        "--max-record-bytes=512KiB",
                        "--subject-state-ttl",
                        "7d",
                        "--dedup-window=0s");

        assertThat(c)
                .isEqualTo(
                        new SequencerConfig(
                                "k1:9092,k2:9092",
                                KafkaClientFile.none(),
                                List.of("orders", "chat"),
                                Optional.empty(),
                                "seq",
                                "dlq",
                                "g",
                                "tx",
                                Delivery.LOW_LATENCY,
                                Duration.ofMillis(250),
                                Duration.ofSeconds(30),
                                Optional.of("file:///var/herald/ck"),
                                OptionalInt.of(4),
                                Duration.ofMinutes(2),
                                512 * 1024,
                                Optional.of(Duration.ofDays(7)),
                                Duration.ZERO));
    }

    @Test
    void aTopicPatternReplacesTheDefaultTopicList() {
        SequencerConfig c = SequencerConfig.parse("--source-topic-pattern", "app\\..*");

        assertThat(c.sourceTopics()).isEmpty();
        assertThat(c.compiledSourceTopicPattern().orElseThrow().matcher("app.chat").matches())
                .isTrue();
    }

    @Test
    void aTopicListGivenInTheEnvironmentConflictsWithAPattern() {
        assertThatThrownBy(
                        () ->
                                Cli.parse(
                                        new SequencerOptions(),
                                        SequencerOptions.ENV_PREFIX,
                                        Map.of("HERALD_JOB_SOURCE_TOPICS", "a"),
                                        "--source-topic-pattern",
                                        "b.*"))
                .hasMessageContaining("not both");
    }

    @Test
    void flagsOverrideTheEnvironmentWhichOverridesDefaults() {
        SequencerConfig c =
                Cli.parse(
                        new SequencerOptions(),
                        SequencerOptions.ENV_PREFIX,
                        Map.of(
                                "HERALD_JOB_GROUP_ID", "from-env",
                                "HERALD_JOB_CHECKPOINT_INTERVAL", "3min",
                                "HERALD_JOB_DELIVERY", "low-latency"),
                        "--delivery",
                        "exactly-once");
        assertThat(c.groupId()).isEqualTo("from-env");
        assertThat(c.checkpointInterval()).isEqualTo(Duration.ofMinutes(3));
        assertThat(c.delivery()).isEqualTo(Delivery.EXACTLY_ONCE);
        assertThat(c.sequencedTopic()).isEqualTo(SequencerOptions.DEFAULT_SEQUENCED_TOPIC);
    }

    @Test
    void durationsTakeTheSharedGrammar() {
        assertThat(SequencerConfig.parse("--checkpoint-interval", "500ms").checkpointInterval())
                .isEqualTo(Duration.ofMillis(500));
        assertThat(SequencerConfig.parse("--transaction-timeout", "1h").transactionTimeout())
                .isEqualTo(Duration.ofHours(1));
        assertThat(SequencerConfig.parse("--transaction-timeout", "3m").transactionTimeout())
                .isEqualTo(Duration.ofMinutes(3));
        for (String bad : List.of("1000", "10 min", "-1s", "1.5s", "PT1S")) {
            assertThatThrownBy(() -> SequencerConfig.parse("--checkpoint-interval", bad))
                    .isInstanceOf(UsageException.class)
                    .hasMessageContaining("'--checkpoint-interval'")
                    .hasMessageContaining("not a duration");
        }
    }

    @Test
    void rejectsBadFlagsWithAClearMessage() {
        assertThatThrownBy(() -> SequencerConfig.parse("--nope", "1"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("Unknown option")
                .hasMessageContaining("'--nope'");
        assertThatThrownBy(() -> SequencerConfig.parse("--group-id"))
                .hasMessageContaining("Missing required parameter for option '--group-id'");
        assertThatThrownBy(() -> SequencerConfig.parse("--delivery", "fast"))
                .hasMessage(
                        "Invalid value for option '--delivery': 'fast' is neither exactly-once"
                                + " nor low-latency");
        assertThatThrownBy(() -> SequencerConfig.parse("--checkpoint-interval", "soon"))
                .hasMessageContaining("--checkpoint-interval");
        assertThatThrownBy(() -> SequencerConfig.parse("--checkpoint-interval", "0s"))
                .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> SequencerConfig.parse("--dedup-window", "soon"))
                .hasMessageContaining("--dedup-window");
        assertThatThrownBy(() -> SequencerConfig.parse("--dedup-window=-5s"))
                .hasMessageContaining("--dedup-window");
        assertThatThrownBy(() -> SequencerConfig.parse("--subject-state-ttl", "0s"))
                .hasMessageContaining("--subject-state-ttl must be positive");
        assertThatThrownBy(() -> SequencerConfig.parse("--max-record-bytes", "8KiB"))
                .hasMessageContaining("--max-record-bytes must be 16KiB..32MiB");
        assertThatThrownBy(() -> SequencerConfig.parse("--max-record-bytes", "33MiB"))
                .hasMessageContaining("--max-record-bytes must be 16KiB..32MiB");
        assertThatThrownBy(() -> SequencerConfig.parse("--parallelism", "0"))
                .hasMessageContaining("--parallelism must be 1..128");
        assertThatThrownBy(() -> SequencerConfig.parse("--parallelism", "129"))
                .hasMessageContaining("--parallelism must be 1..128");
        assertThatThrownBy(
                        () ->
                                SequencerConfig.parse(
                                        "--source-topics", "a", "--source-topic-pattern", "b.*"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> SequencerConfig.parse("--source-topic-pattern", "("))
                .hasMessageContaining("not a valid regex");
        assertThatThrownBy(() -> SequencerConfig.parse("--source-topics", "a,,b"))
                .hasMessageContaining("--source-topics");
        assertThatThrownBy(() -> SequencerConfig.parse("--source-topics", "messages.sequenced"))
                .hasMessageContaining("cannot be source topics");
        assertThatThrownBy(() -> SequencerConfig.parse("--source-topic-pattern", "messages\\..*"))
                .hasMessageContaining("would read its own output");
        assertThatThrownBy(() -> SequencerConfig.parse("--group-id", "g", "--group-id", "h"))
                .hasMessageContaining("'--group-id'")
                .hasMessageContaining("only once");
        assertThatThrownBy(() -> SequencerConfig.parse("stray")).hasMessageContaining("'stray'");
    }

    @Test
    void flinkConfigurationUsesRocksDbIncrementalExactlyOnceCheckpoints() {
        Configuration conf =
                SequencerJob.flinkConfiguration(
                        SequencerConfig.parse(
                                "--checkpoint-dir", "file:///var/herald/ck", "--parallelism", "3"));

        assertThat(conf.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE))
                .isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo("file:///var/herald/ck");
        assertThat(conf.get(CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(3);
        assertThat(conf.contains(ExecutionOptions.BUFFER_TIMEOUT)).isFalse();
        assertThat(conf.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT))
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(conf.get(PipelineOptions.GENERIC_TYPES)).as("Kryo fails the job").isFalse();
    }

    @Test
    void restartsAtOnceAndForEverBackingOffWhileRestartsKeepFailing() {
        Configuration conf = SequencerJob.flinkConfiguration(SequencerConfig.defaults());

        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY))
                .isEqualTo("exponential-delay");
        assertThat(
                        conf.get(
                                RestartStrategyOptions
                                        .RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF))
                .isEqualTo(SequencerJob.RESTART_INITIAL_BACKOFF);
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF))
                .isEqualTo(SequencerJob.RESTART_MAX_BACKOFF);
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
                .isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void lowLatencyModeFlushesEveryRecordWithoutABufferTimeout() {
        Configuration conf =
                SequencerJob.flinkConfiguration(SequencerConfig.parse("--delivery", "low-latency"));

        assertThat(conf.get(ExecutionOptions.BUFFER_TIMEOUT)).isEqualTo(Duration.ZERO);
        assertThat(conf.contains(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isFalse();
    }
}
