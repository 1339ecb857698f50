package io.herald.job;

import io.herald.operators.SequencedRecord;
import io.herald.testing.EmbeddedKafka;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The real sequencer job ({@link SequencerJob#environment}, production wiring) for integration
 * tests, against an {@link EmbeddedKafka} and submitted to the test class's Flink MiniCluster
 * ({@link #miniCluster}) through its cluster client, in a test or in {@code @BeforeAll}. Shared by
 * every module's ITs through the job's test jar:
 *
 * <pre>{@code
 * @RegisterExtension static final MiniClusterExtension FLINK = TestSequencer.miniCluster(1);
 * @RegisterExtension static final EmbeddedKafka KAFKA = EmbeddedKafka.perClass();
 * @TempDir static Path checkpoints;
 *
 * @BeforeAll
 * static void start(@InjectClusterClient ClusterClient<?> flink) throws Exception {
 *     job = TestSequencer.on(KAFKA, "chat-it", checkpoints).createTopics(3).start(flink);
 * }
 * }</pre>
 *
 * Jobs go through the cluster client rather than {@code env.executeAsync()}: outside a test method
 * the MiniClusterExtension has not installed its environment, and {@code executeAsync} would start
 * a MiniCluster of its own that shuts down as soon as the job ends.
 *
 * <p>A job named N reads source topic N, writes N.sequenced and N.dead-letter, with group id and
 * transactional-id prefix N, 300 ms checkpoints under the given directory, parallelism 1 and a 1
 * min transaction timeout; {@link #flag} changes any of them.
 */
public final class TestSequencer {

    private final EmbeddedKafka kafka;
    private final String name;
    private final Map<String, String> flags = new LinkedHashMap<>();

    private TestSequencer(EmbeddedKafka kafka, String name, Path checkpoints) {
        this.kafka = kafka;
        this.name = name;
        flags.put("--bootstrap-servers", kafka.bootstrapServers());
        flags.put("--source-topics", name);
        flags.put("--sequenced-topic", name + ".sequenced");
        flags.put("--dead-letter-topic", name + ".dead-letter");
        flags.put("--group-id", name);
        flags.put("--transactional-id-prefix", name);
        flags.put("--checkpoint-interval", "300ms");
        flags.put("--checkpoint-dir", checkpoints.toUri().toString());
        flags.put("--parallelism", "1");
        flags.put("--transaction-timeout", "1min");
    }

    /** One TaskManager with {@code slots} slots: enough for the job at that parallelism. */
    public static MiniClusterExtension miniCluster(int slots) {
        return miniCluster(slots, new Configuration());
    }

    /** As {@link #miniCluster(int)}, with cluster configuration (e.g. a restart strategy). */
    public static MiniClusterExtension miniCluster(int slots, Configuration configuration) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(slots)
                        .setConfiguration(configuration)
                        .build());
    }

    /** The job named {@code name} on {@code kafka}, checkpointing under {@code checkpoints}. */
    public static TestSequencer on(EmbeddedKafka kafka, String name, Path checkpoints) {
        return new TestSequencer(kafka, name, checkpoints);
    }

    /**
     * Sets one of the job's flags ({@code --delivery}, {@code --parallelism}, ...), replacing its
     * value here. {@code --source-topic-pattern} replaces {@code --source-topics}.
     */
    public TestSequencer flag(String flag, String value) {
        if (flag.equals("--source-topic-pattern")) {
            flags.remove("--source-topics");
        }
        flags.put(flag, value);
        return this;
    }

    /** The job's command line: what {@code flink run} would pass to its main. */
    public String[] args() {
        List<String> args = new ArrayList<>();
        flags.forEach(
                (flag, value) -> {
                    args.add(flag);
                    args.add(value);
                });
        return args.toArray(String[]::new);
    }

    /** The job's configuration, parsed from its flags as the job's main parses them. */
    public SequencerConfig config() {
        return SequencerConfig.parse(args());
    }

    /**
     * Creates the job's topics: each source topic (when given as a list) and the sequenced topic
     * with {@code partitions} partitions, the dead-letter topic with one.
     */
    public TestSequencer createTopics(int partitions) {
        SequencerConfig c = config();
        c.sourceTopics().forEach(t -> kafka.createTopic(t, partitions));
        kafka.createTopic(c.sequencedTopic(), partitions);
        kafka.createTopic(c.deadLetterTopic(), 1);
        return this;
    }

    /** Starts the job without state on {@code flink}'s cluster and returns once it runs. */
    public RunningJob start(ClusterClient<?> flink) throws Exception {
        return launch(flink, UnaryOperator.identity(), null);
    }

    /** Starts the job restored from {@code savepoint} (a savepoint or retained checkpoint). */
    public RunningJob startFrom(ClusterClient<?> flink, String savepoint) throws Exception {
        return launch(flink, UnaryOperator.identity(), savepoint);
    }

    /**
     * Starts the job with {@code beforeSink} between the sequencer and the sequenced sink (a stage
     * that fails once, to force a restore).
     */
    public RunningJob start(
            ClusterClient<?> flink, UnaryOperator<DataStream<SequencedRecord>> beforeSink)
            throws Exception {
        return launch(flink, beforeSink, null);
    }

    private RunningJob launch(
            ClusterClient<?> flink,
            UnaryOperator<DataStream<SequencedRecord>> beforeSink,
            String savepoint)
            throws Exception {
        StreamGraph graph = SequencerJob.environment(config(), beforeSink).getStreamGraph();
        graph.setJobName(name);
        if (savepoint != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        }
        JobID id = flink.submitJob(graph).get(RunningJob.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        RunningJob job = new RunningJob(name, flink, id);
        job.awaitRunning();
        return job;
    }
}
