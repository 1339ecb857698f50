package io.herald.failover;

import io.herald.failover.edge.EdgeFleet;
import io.herald.failover.flink.FlinkCluster;
import io.herald.failover.flink.FlinkClusterConfig;
import io.herald.failover.kafka.KafkaCluster;
import io.herald.failover.process.BuildArtifacts;
import io.herald.failover.process.ChildLogging;
import io.herald.failover.process.ProcessSupervisor;
import io.herald.failover.zookeeper.ZooKeeperNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system under test as child JVMs: three Kafka nodes, ZooKeeper, a Flink session cluster
 * with two JobManagers (ZooKeeper high availability) running the sequencer job (submitted through
 * REST from its shaded jar), and edges. Closing it kills every process and deletes the scratch
 * folder.
 */
public final class FailoverSystem implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverSystem.class);
    private static final String JOB_MAIN = "io.herald.job.SequencerJob";

    /** The job's {@code --delivery} for transactional output (the default). */
    public static final String EXACTLY_ONCE = "exactly-once";

    /** The job's {@code --delivery} for at-least-once output that edges de-duplicate. */
    public static final String LOW_LATENCY = "low-latency";

    /**
     * The JobManagers' ZooKeeper session timeout: how long a killed leader keeps its leadership
     * before the standby takes over.
     */
    public static final Duration ZOOKEEPER_SESSION_TIMEOUT = Duration.ofSeconds(3);

    private final FailoverSettings settings;
    private final BuildArtifacts artifacts;
    private final ProcessSupervisor supervisor;
    private final ChildLogging logging;
    private KafkaCluster kafka;
    private ZooKeeperNode zooKeeper;
    private FlinkCluster flink;
    private EdgeFleet edges;
    private String jobId;

    private FailoverSystem(
            FailoverSettings settings, BuildArtifacts artifacts, ProcessSupervisor supervisor) {
        this.settings = settings;
        this.artifacts = artifacts;
        this.supervisor = supervisor;
        this.logging = ChildLogging.writeTo(supervisor.scratch("conf"));
    }

    /**
     * Starts Kafka, creates the topics, starts Flink, submits the job and starts the edges.
     *
     * @param scratch working folder, deleted on close
     * @param logs where every child's output goes, kept
     * @param freePorts a source of free loopback ports
     */
    public static FailoverSystem start(
            FailoverSettings settings,
            BuildArtifacts artifacts,
            Path scratch,
            Path logs,
            IntSupplier freePorts)
            throws Exception {
        FailoverSystem system =
                new FailoverSystem(settings, artifacts, new ProcessSupervisor(scratch, logs));
        try {
            system.startAll(freePorts);
        } catch (Exception | Error e) {
            system.close();
            throw e;
        }
        return system;
    }

    private void startAll(IntSupplier freePorts) throws Exception {
        List<Integer> kafkaPorts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            kafkaPorts.add(freePorts.getAsInt());
        }
        kafka = KafkaCluster.start(supervisor, artifacts.clusterClasspath(), logging, kafkaPorts);
        kafka.createTopics(
                Map.of(
                        settings.sourceTopic(), settings.partitions(),
                        settings.sequencedTopic(), settings.partitions(),
                        settings.deadLetterTopic(), 1));
        zooKeeper =
                ZooKeeperNode.start(
                        supervisor,
                        artifacts.clusterClasspath(),
                        logging,
                        freePorts.getAsInt(),
                        supervisor.scratch("zookeeper"));
        flink =
                FlinkCluster.start(
                        supervisor,
                        artifacts.clusterClasspath(),
                        logging,
                        new FlinkClusterConfig(
                                freePorts.getAsInt(),
                                freePorts.getAsInt(),
                                freePorts.getAsInt(),
                                settings.slotsPerTaskManager(),
                                supervisor.scratch("flink"),
                                Optional.of(
                                        new FlinkClusterConfig.HighAvailability(
                                                zooKeeper.connectString(),
                                                ZOOKEEPER_SESSION_TIMEOUT,
                                                new FlinkClusterConfig.JobManagerPorts(
                                                        freePorts.getAsInt(),
                                                        freePorts.getAsInt(),
                                                        freePorts.getAsInt())))),
                        settings.taskManagers());
        submitJob(settings.parallelism(), null, EXACTLY_ONCE);
        edges =
                new EdgeFleet(
                        supervisor,
                        artifacts.edgeClasspath(),
                        logging,
                        List.of(
                                "--bootstrap-servers", kafka.bootstrapServers(),
                                "--sequenced-topic", settings.sequencedTopic(),
                                "--dead-letter-topic", settings.deadLetterTopic(),
                                "--source-topics", settings.sourceTopic(),
                                "--cache-ttl", settings.cacheTtl().toSeconds() + "s"),
                        freePorts);
        for (int i = 1; i <= settings.edges(); i++) {
            edges.start("edge-" + i, List.of());
        }
    }

    /**
     * Uploads the job's jar to the leading JobManager and runs it with {@code parallelism} and
     * {@code delivery} ({@link #EXACTLY_ONCE} or {@link #LOW_LATENCY}), from {@code savepoint} when
     * not null (otherwise it starts from its consumer group's committed offsets), and waits until
     * all its tasks run. (A jar uploaded to one JobManager is not known to the other.)
     */
    public String submitJob(int parallelism, String savepoint, String delivery)
            throws IOException, InterruptedException {
        List<String> args =
                List.of(
                        "--bootstrap-servers", kafka.bootstrapServers(),
                        "--source-topics", settings.sourceTopic(),
                        "--sequenced-topic", settings.sequencedTopic(),
                        "--dead-letter-topic", settings.deadLetterTopic(),
                        "--delivery", delivery,
                        "--checkpoint-interval", settings.checkpointInterval().toMillis() + "ms",
                        "--checkpoint-dir", flink.config().checkpointDir().toUri().toString(),
                        "--parallelism", Integer.toString(parallelism));
        String jarId = flink.rest().uploadJar(artifacts.jobJar());
        jobId = flink.rest().runJar(jarId, JOB_MAIN, args, parallelism, savepoint);
        flink.rest().awaitRunning(jobId, Duration.ofSeconds(90));
        LOG.info(
                "job running jobId={} parallelism={} delivery={} savepoint={}",
                jobId,
                parallelism,
                delivery,
                savepoint);
        return jobId;
    }

    public KafkaCluster kafka() {
        return kafka;
    }

    public FlinkCluster flink() {
        return flink;
    }

    public EdgeFleet edges() {
        return edges;
    }

    /** The id of the job currently submitted. */
    public String jobId() {
        return jobId;
    }

    /** The URLs of the edges named, in order. */
    public List<URI> edgeUrls(List<String> names) {
        return names.stream().map(edges::url).toList();
    }

    @Override
    public void close() {
        // Edges and Flink first, so they do not fill their logs with a dead Kafka's errors.
        if (edges != null) {
            edges.close();
        }
        if (flink != null) {
            flink.close();
        }
        if (zooKeeper != null) {
            zooKeeper.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        supervisor.close();
    }
}
