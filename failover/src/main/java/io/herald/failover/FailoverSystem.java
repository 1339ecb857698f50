package io.herald.failover;

import io.herald.failover.edge.EdgeFleet;
import io.herald.failover.flink.FlinkCluster;
import io.herald.failover.flink.FlinkClusterConfig;
import io.herald.failover.kafka.KafkaCluster;
import io.herald.failover.net.ProxyGroup;
import io.herald.failover.process.BuildArtifacts;
import io.herald.failover.process.ChildLogging;
import io.herald.failover.process.ProcessSupervisor;
import io.herald.failover.zookeeper.ZooKeeperNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system under test as child JVMs: three Kafka nodes, ZooKeeper, a Flink session cluster
 * with two JobManagers (ZooKeeper high availability) running the sequencer job (submitted through
 * REST from its shaded jar), and edges. The edges and the job reach the brokers through fault
 * proxies of their own ({@link #edgeNetwork()}, {@link #jobNetwork()}): each broker has a listener
 * per group whose advertised address is the group's proxy, so every connection a Kafka client of
 * the group opens, bootstrap or not, passes through it. Closing it kills every process and deletes
 * the scratch folder.
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
     * before the standby takes over. 4 s, not Flink's 60 s: each second off it is a second off
     * every JobManager failover. Not 3 s: with it, a JobManager starved of CPU on the loaded test
     * machine once lost its session while it recovered the job, and recovered it twice.
     */
    public static final Duration ZOOKEEPER_SESSION_TIMEOUT = Duration.ofSeconds(4);

    /**
     * The job's checkpoint timeout here: short, so that a job cut off from Kafka fails and restarts
     * within a scenario (the job's default is a minute); not so short that a broker's failover on
     * the busy test machine times a checkpoint out (10 s did, in kill-broker).
     */
    public static final Duration CHECKPOINT_TIMEOUT = Duration.ofSeconds(20);

    /** The edges' {@code --max-staleness} here (their default is 10 s). */
    public static final Duration MAX_STALENESS = Duration.ofSeconds(5);

    /** The brokers' listener for the edges, reached through {@link #edgeNetwork()}. */
    static final String EDGES = "EDGES";

    /** The brokers' listener for the job (TaskManagers and JobManagers): {@link #jobNetwork()}. */
    static final String JOB = "JOB";

    private final FailoverSettings settings;
    private final BuildArtifacts artifacts;
    private final ProcessSupervisor supervisor;
    private final ChildLogging logging;
    private ProxyGroup edgeNetwork;
    private ProxyGroup jobNetwork;
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
        List<Integer> kafkaPorts = ports(freePorts, 6);
        KafkaCluster.ClientListener edgeListener = proxiedListener(EDGES, freePorts);
        KafkaCluster.ClientListener jobListener = proxiedListener(JOB, freePorts);
        edgeNetwork = proxies(edgeListener);
        jobNetwork = proxies(jobListener);
        kafka =
                KafkaCluster.start(
                        supervisor,
                        artifacts.clusterClasspath(),
                        logging,
                        kafkaPorts,
                        List.of(edgeListener, jobListener));
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
                                "--bootstrap-servers", kafka.bootstrapServers(EDGES),
                                "--sequenced-topic", settings.sequencedTopic(),
                                "--dead-letter-topic", settings.deadLetterTopic(),
                                "--source-topics", settings.sourceTopic(),
                                "--cache-ttl", settings.cacheTtl().toSeconds() + "s",
                                "--max-staleness", MAX_STALENESS.toSeconds() + "s"),
                        freePorts);
        for (int i = 1; i <= settings.edges(); i++) {
            edges.start("edge-" + i, List.of());
        }
    }

    private static List<Integer> ports(IntSupplier freePorts, int n) {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ports.add(freePorts.getAsInt());
        }
        return ports;
    }

    /** A listener per broker for one group of clients, advertised at a proxy's port. */
    private static KafkaCluster.ClientListener proxiedListener(String name, IntSupplier freePorts) {
        return new KafkaCluster.ClientListener(name, ports(freePorts, 3), ports(freePorts, 3));
    }

    private static ProxyGroup proxies(KafkaCluster.ClientListener listener) {
        return ProxyGroup.start(
                listener.name().toLowerCase(Locale.ROOT) + "-kafka",
                listener.advertisedPorts(),
                listener.ports().stream().map(p -> new InetSocketAddress("127.0.0.1", p)).toList());
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
                        "--bootstrap-servers", kafka.bootstrapServers(JOB),
                        "--source-topics", settings.sourceTopic(),
                        "--sequenced-topic", settings.sequencedTopic(),
                        "--dead-letter-topic", settings.deadLetterTopic(),
                        "--delivery", delivery,
                        "--checkpoint-interval", settings.checkpointInterval().toMillis() + "ms",
                        "--checkpoint-timeout", CHECKPOINT_TIMEOUT.toSeconds() + "s",
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

    /**
     * The network between the edges and the brokers (the test's own publisher and auditor reach the
     * brokers directly).
     */
    public ProxyGroup edgeNetwork() {
        return edgeNetwork;
    }

    /** The network between the job (JobManagers and TaskManagers) and the brokers. */
    public ProxyGroup jobNetwork() {
        return jobNetwork;
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
        if (edgeNetwork != null) {
            edgeNetwork.close();
        }
        if (jobNetwork != null) {
            jobNetwork.close();
        }
        supervisor.close();
    }
}
