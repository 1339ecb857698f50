package io.herald.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.failover.check.FaultTimeline;
import io.herald.failover.check.ScenarioReport;
import io.herald.failover.edge.EdgeFleet;
import io.herald.failover.flink.FlinkCluster;
import io.herald.failover.flink.FlinkRest;
import io.herald.failover.kafka.KafkaCluster;
import io.herald.failover.load.ClientPublishers;
import io.herald.failover.load.LoadRun;
import io.herald.failover.load.SequencedTopicAudit;
import io.herald.failover.load.SubscriberPool;
import io.herald.failover.net.ProxyGroup;
import io.herald.failover.process.BuildArtifacts;
import io.herald.testing.FreePorts;
import io.herald.testing.Poll;
import io.herald.wire.Position;
import io.herald.wire.Subject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Failover under load with every component a real child JVM: three KRaft brokers (RF 3, min ISR 2),
 * a Flink session cluster (two JobManagers with ZooKeeper high availability, two TaskManagers)
 * running the sequencer job in exactly-once mode, three edges; 200 subscribing Java clients in this
 * JVM and a steady {@code acks=all} publisher (one scenario publishes through the edges with Java
 * clients instead). Each scenario uses fresh subjects and ends by checking every client's log and
 * the sequenced topic itself: nothing lost, duplicated or reordered, epochs only increasing, every
 * resume answered {@code complete}. The clusters are shared by the ordered scenarios.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIT {

    private static final Duration STEADY = Duration.ofSeconds(4);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

    /** One-way latency the network scenarios add, and how long each short fault lasts. */
    private static final Duration LATENCY = Duration.ofMillis(200);

    private static final Duration FAULT_PHASE = Duration.ofSeconds(3);

    /** Subjects, and messages per subject, of the scenario with publishers on the Java client. */
    private static final int PUBLISHING_SUBJECTS = 10;

    private static final int PUBLISHES_PER_SUBJECT = 150;

    /** Publishes each of those publishers keeps awaiting their ack. */
    private static final int PUBLISHES_IN_FLIGHT = 20;

    /** How long ago a publish awaiting its ack was sent for its edge to have written it. */
    private static final Duration WRITTEN = Duration.ofMillis(500);

    private static final List<ScenarioReport> REPORTS = new ArrayList<>();
    private static FailoverSystem system;
    private static FailoverSettings settings;
    private static long suiteStart;

    @BeforeAll
    static void startSystem() throws Exception {
        suiteStart = System.nanoTime();
        settings = FailoverSettings.defaults();
        BuildArtifacts artifacts = BuildArtifacts.fromBuild();
        Path logs = Path.of(System.getProperty(BuildArtifacts.DIR_PROPERTY), "logs");
        system =
                FailoverSystem.start(
                        settings,
                        artifacts,
                        Files.createTempDirectory("herald-failover-"),
                        logs,
                        FreePorts::next);
        System.out.printf(
                "failover system up in %d s (logs in %s)%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - suiteStart), logs);
    }

    @AfterAll
    static void stopSystem() throws IOException {
        if (system != null) {
            system.close();
        }
        String table = ScenarioReport.table(REPORTS);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - suiteStart);
        System.out.println(System.lineSeparator() + table);
        System.out.printf("failover suite wall time: %d s%n", seconds);
        Files.writeString(
                resultsFile(), table + System.lineSeparator() + "wall time: " + seconds + " s\n");
    }

    @Test
    @Order(0)
    void checkerCatchesMessagesThatAnEdgeDrops() throws Exception {
        URI faulty = system.edges().start("edge-faulty", List.of("--fault-drop-every", "50"));
        ScenarioReport report;
        try (LoadRun run = load("self-check", List.of(faulty), 20, 20, 200)) {
            run.awaitFlowing(RECOVERY_TIMEOUT);
            run.publishFor(STEADY);
            report = run.finish(Duration.ofSeconds(5));
        } finally {
            system.edges().kill("edge-faulty");
        }
        record(report);
        assertThat(report.clients().lost()).as(report.details()).isPositive();
        assertThat(report.sequencedTopic().clean()).as(report.details()).isTrue();
    }

    @Test
    @Order(1)
    void clientsOfAKilledEdgeResumeOnAnotherEdgeWithoutGap() throws Exception {
        ScenarioReport report =
                underLoad(
                        "kill-edge",
                        false,
                        run -> {
                            run.faults().mark();
                            system.edges().kill("edge-1");
                        });
        system.edges().restart("edge-1");
        assertClean(report);
        assertThat(report.clients().resumes()).as("clients resumed").isPositive();
    }

    @Test
    @Order(2)
    void publishesInFlightWhenTheirEdgeIsKilledAreCommittedOnceAndAcknowledged() throws Exception {
        String name = "kill-edge-publishing";
        List<URI> urls = system.edgeUrls(edgeNames());
        List<Subject> subjects = new ArrayList<>();
        for (int i = 0; i < PUBLISHING_SUBJECTS; i++) {
            subjects.add(Subject.ofTopicAndKey(settings.sourceTopic(), name + "/" + i));
        }
        SequencedTopicAudit audit =
                new SequencedTopicAudit(
                        system.kafka().bootstrapServers(), settings.sequencedTopic());
        Map<TopicPartition, Long> auditFrom = audit.endOffsets();
        FaultTimeline faults = new FaultTimeline();
        try (SubscriberPool subscribers =
                        SubscriberPool.start(
                                name, 20, urls, subjects, 2, faults, Duration.ofSeconds(60));
                ClientPublishers publishers =
                        new ClientPublishers(urls, subjects, PUBLISHES_IN_FLIGHT)) {
            Poll.until("publishers connected", RECOVERY_TIMEOUT, publishers::allConnected);
            CompletableFuture<Void> publishing =
                    CompletableFuture.runAsync(
                            () -> {
                                try {
                                    publishers.publish(PUBLISHES_PER_SUBJECT, RECOVERY_TIMEOUT);
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            // Subscribers hold positions first, so those of the victim resume from them.
            Poll.until("subscribers receiving", RECOVERY_TIMEOUT, subscribers::allFlowing);
            // The victim: the edge whose publishers have the most publishes awaiting their ack
            // that the edge has surely written to Kafka (an ack waits for a checkpoint, ~1 s),
            // once at least a publisher's worth are; killed at once, with them in flight.
            Poll.until(
                    PUBLISHES_IN_FLIGHT + " written publishes awaiting their ack on one edge",
                    RECOVERY_TIMEOUT,
                    () ->
                            mostAwaited(publishers.awaitingAcksByEdge(WRITTEN)).getValue()
                                    >= PUBLISHES_IN_FLIGHT,
                    () -> "awaiting per edge: " + publishers.awaitingAcksByEdge(WRITTEN));
            Map<URI, Integer> awaiting = publishers.awaitingAcksByEdge(WRITTEN);
            URI target = mostAwaited(awaiting).getKey();
            String victim =
                    edgeNames().stream()
                            .filter(n -> system.edges().url(n).equals(target))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError(target + " is none of " + urls));
            faults.mark();
            system.edges().kill(victim);
            publishing.get(RECOVERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Map<String, List<Position>> acked = publishers.acknowledged(RECOVERY_TIMEOUT);
            system.edges().restart(victim);
            Map<String, Long> published = publishers.published();
            Poll.until(
                    "subscribers have every message",
                    DRAIN_TIMEOUT,
                    () -> subscribers.allHaveEverything(published));
            SequencedTopicAudit.Reading topic =
                    audit.readDroppingRepeats(
                            auditFrom, published.keySet(), settings.sourceTopic());
            long total = published.values().stream().mapToLong(Long::longValue).sum();
            ScenarioReport report =
                    new ScenarioReport(
                            name,
                            total,
                            0,
                            subscribers.totals(published),
                            topic.log().totals(published),
                            false);
            System.out.printf(
                    "%s: kill -9 of %s (%s) with %d written publishes awaiting their ack there (per edge"
                            + " %s); %d publishes, %d sequenced twice (resent after the kill,"
                            + " answered with the original position)%n",
                    name, victim, target, awaiting.get(target), awaiting, total, topic.repeats());
            assertClean(report);
            assertThat(topic.repeats())
                    .as("publishes in flight at the kill were resent and sequenced again")
                    .isPositive();
            // Every publish acknowledged with the position it holds in the (clean, so increasing)
            // sequenced topic, the original's for a resent one.
            assertThat(acked).isEqualTo(topic.positions());
        }
    }

    private static Map.Entry<URI, Integer> mostAwaited(Map<URI, Integer> awaitingByEdge) {
        return awaitingByEdge.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElse(Map.entry(URI.create("ws://none"), 0));
    }

    @Test
    @Order(3)
    void jobRestoresFromCheckpointInAGreaterEpochAfterTaskManagerKill() throws Exception {
        killTaskManagerUnderLoad("kill-taskmanager", false);
    }

    @Test
    @Order(4)
    void standbyJobManagerTakesOverFromTheLastCheckpointAfterTheLeaderIsKilled() throws Exception {
        FlinkCluster flink = system.flink();
        FlinkRest rest = flink.rest();
        String jobId = system.jobId();
        rest.awaitCompletedCheckpoints(jobId, 1, RECOVERY_TIMEOUT);
        String leader = flink.leadingJobManager();
        ScenarioReport report =
                underLoad(
                        "kill-jobmanager",
                        false,
                        run -> {
                            run.faults().mark();
                            flink.killJobManager(leader);
                            run.awaitRecovered(RECOVERY_TIMEOUT);
                            rest.awaitRunning(jobId, RECOVERY_TIMEOUT);
                        });
        String newLeader = flink.leadingJobManager();
        // The killed one comes back as the standby, ready for the next failover.
        flink.startJobManager(leader);
        assertClean(report);
        assertThat(newLeader).as("the standby leads").isNotEqualTo(leader);
        assertThat(rest.checkpoints(jobId).restored())
                .as("the new leader restored the job from its last checkpoint")
                .isPositive();
        assertThat(report.clients().maxEpochs())
                .as("subjects moved to a new epoch")
                .isGreaterThan(1);
    }

    @Test
    @Order(5)
    void survivesKillOfABrokerThenOfTheActiveController() throws Exception {
        KafkaCluster kafka = system.kafka();
        ScenarioReport report =
                underLoad(
                        "kill-broker",
                        false,
                        run -> {
                            killAndRestartKafkaNode(run, kafka.brokerIds().get(0));
                            killAndRestartKafkaNode(run, kafka.activeController());
                        });
        assertClean(report);
    }

    @Test
    @Order(6)
    void edgesCutOffFromKafkaKeepServingSayTheyAreBehindAndCatchUpWithoutLoss() throws Exception {
        ProxyGroup network = system.edgeNetwork();
        String edge = edgeNames().get(0);
        ScenarioReport report =
                underLoad(
                        "edge-network",
                        false,
                        run -> {
                            withLatency(run, network);
                            healAfter(
                                    run,
                                    network,
                                    network::stall,
                                    () -> awaitHealth(edge, 503, "behind:"));
                            healAfter(
                                    run,
                                    network,
                                    network::cut,
                                    () -> {
                                        awaitHealth(edge, 503, "behind:");
                                        assertThat(
                                                        system.edges()
                                                                .gauge(
                                                                        edge,
                                                                        "herald_edge_staleness_seconds"))
                                                .as("staleness once behind")
                                                .isGreaterThan(
                                                        FailoverSystem.MAX_STALENESS.toSeconds());
                                    });
                            for (String e : edgeNames()) {
                                awaitHealth(e, 200, "ok");
                            }
                        });
        assertClean(report);
        assertThat(report.clients().resumes())
                .as("clients stayed on their edges through the faults")
                .isZero();
    }

    @Test
    @Order(7)
    void jobCutOffFromKafkaRestartsAndResumesWithoutLossOrDuplicate() throws Exception {
        ProxyGroup network = system.jobNetwork();
        FlinkRest rest = system.flink().rest();
        String jobId = system.jobId();
        FlinkRest.CheckpointCounts before = rest.checkpoints(jobId);
        ScenarioReport report =
                underLoad(
                        "job-network",
                        false,
                        run -> {
                            withLatency(run, network);
                            healAfter(
                                    run,
                                    network,
                                    network::stall,
                                    () -> run.publishFor(FAULT_PHASE));
                            // The stuck checkpoint times out and fails the job, which restarts
                            // from its last checkpoint. Healed then: the cancelled sinks' aborts
                            // wait for Kafka (guarantees.md, "What is not covered").
                            healAfter(
                                    run,
                                    network,
                                    network::cut,
                                    () -> awaitCheckpointFailure(rest, jobId, before.failed()));
                            rest.awaitRunning(jobId, RECOVERY_TIMEOUT);
                        });
        assertClean(report);
        assertThat(rest.checkpoints(jobId).restored())
                .as("the job restarted from its last checkpoint")
                .isGreaterThan(before.restored());
        assertThat(report.clients().maxEpochs())
                .as("subjects moved to a new epoch")
                .isGreaterThan(1);
    }

    @Test
    @Order(8)
    void rollingRestartOfEveryEdgeLosesNothing() throws Exception {
        ScenarioReport report =
                underLoad(
                        "rolling-edges",
                        false,
                        run -> {
                            for (String edge : edgeNames()) {
                                run.faults().mark();
                                system.edges().stop(edge);
                                system.edges().restart(edge);
                                run.awaitRecovered(RECOVERY_TIMEOUT);
                            }
                        });
        assertClean(report);
        assertThat(report.clients().resumes()).as("clients resumed").isPositive();
    }

    @Test
    @Order(9)
    void stopWithSavepointAndRescaleContinuesInAGreaterEpoch() throws Exception {
        FlinkRest rest = system.flink().rest();
        int newParallelism = settings.parallelism() + 1;
        ScenarioReport report =
                underLoad(
                        "savepoint-rescale",
                        false,
                        run -> {
                            String savepoint = stopWithSavepoint();
                            // The outage starts when the job has stopped (last commit done).
                            run.faults().mark();
                            system.submitJob(
                                    newParallelism, savepoint, FailoverSystem.EXACTLY_ONCE);
                        });
        assertClean(report);
        assertThat(rest.job(system.jobId()).parallelism()).isEqualTo(newParallelism);
        assertThat(report.clients().maxEpochs())
                .as("subjects moved to a new epoch")
                .isGreaterThan(1);
    }

    @Test
    @Order(10)
    void lowLatencyModeHidesReEmittedRecordsFromClientsAfterTaskManagerKill() throws Exception {
        stopWithSavepoint();
        // A fresh job: its source resumes from the consumer group's committed offsets.
        system.submitJob(settings.parallelism(), null, FailoverSystem.LOW_LATENCY);
        killTaskManagerUnderLoad("low-latency-kill-tm", true);
    }

    /** A step of a scenario. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /**
     * Marks a fault and injects it into {@code network}, waits as {@code during} says, heals the
     * network and waits until every client has fresh data again.
     */
    private static void healAfter(LoadRun run, ProxyGroup network, Step fault, Step during)
            throws Exception {
        run.faults().mark();
        fault.run();
        during.run();
        network.heal();
        run.awaitRecovered(RECOVERY_TIMEOUT);
    }

    /** {@link #LATENCY} added for {@link #FAULT_PHASE}: slower, never lost. */
    private static void withLatency(LoadRun run, ProxyGroup network) throws Exception {
        healAfter(run, network, () -> network.latency(LATENCY), () -> run.publishFor(FAULT_PHASE));
    }

    /** What a scenario does to the system while the load runs. */
    @FunctionalInterface
    private interface Fault {
        void inject(LoadRun run) throws Exception;
    }

    /**
     * Starts the load on fresh subjects, lets it flow, injects the fault, waits until every client
     * has fresh data again, keeps the load a little longer, and checks everything.
     *
     * @param atLeastOnce the job runs in low-latency mode (the topic may repeat records)
     */
    private static ScenarioReport underLoad(String name, boolean atLeastOnce, Fault fault)
            throws Exception {
        try (LoadRun run = load(name)) {
            run.awaitFlowing(RECOVERY_TIMEOUT);
            run.publishFor(STEADY);
            fault.inject(run);
            run.awaitRecovered(RECOVERY_TIMEOUT);
            run.publishFor(STEADY);
            return run.finish(DRAIN_TIMEOUT, atLeastOnce);
        }
    }

    private static void killTaskManagerUnderLoad(String name, boolean atLeastOnce)
            throws Exception {
        FlinkRest rest = system.flink().rest();
        String jobId = system.jobId();
        rest.awaitCompletedCheckpoints(jobId, 1, RECOVERY_TIMEOUT);
        long restoredBefore = rest.checkpoints(jobId).restored();
        ScenarioReport report =
                underLoad(
                        name,
                        atLeastOnce,
                        run -> {
                            String victim = busyTaskManager(rest);
                            run.faults().mark();
                            system.flink().killTaskManager(victim);
                            run.awaitRecovered(RECOVERY_TIMEOUT);
                            rest.awaitRunning(jobId, RECOVERY_TIMEOUT);
                        });
        system.flink().startTaskManager();
        rest.awaitTaskManagers(settings.taskManagers(), RECOVERY_TIMEOUT);
        assertClean(report);
        assertThat(rest.checkpoints(jobId).restored()).isGreaterThan(restoredBefore);
        assertThat(report.clients().maxEpochs())
                .as("subjects moved to a new epoch")
                .isGreaterThan(1);
    }

    private static void awaitHealth(String edge, int status, String bodyPrefix) throws Exception {
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        EdgeFleet.Health health = system.edges().health(edge);
        while (health.status() != status || !health.body().startsWith(bodyPrefix)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        edge
                                + " /healthz never answered "
                                + status
                                + " "
                                + bodyPrefix
                                + ": "
                                + health);
            }
            Thread.sleep(100);
            health = system.edges().health(edge);
        }
    }

    private static void awaitCheckpointFailure(FlinkRest rest, String jobId, long failedBefore)
            throws Exception {
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        Object last = null;
        while (System.nanoTime() < deadline) {
            try {
                FlinkRest.CheckpointCounts counts = rest.checkpoints(jobId);
                if (counts.failed() > failedBefore) {
                    return;
                }
                last = counts;
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no checkpoint of job " + jobId + " failed: " + last);
    }

    private static String stopWithSavepoint() throws Exception {
        return system.flink()
                .rest()
                .stopWithSavepoint(
                        system.jobId(),
                        system.flink().config().savepointDir(),
                        Duration.ofSeconds(60));
    }

    private static void killAndRestartKafkaNode(LoadRun run, int node) throws Exception {
        KafkaCluster kafka = system.kafka();
        run.faults().mark();
        kafka.kill(node);
        run.awaitRecovered(RECOVERY_TIMEOUT);
        kafka.restart(node);
        kafka.awaitFullIsr(allTopics(), RECOVERY_TIMEOUT);
    }

    private static Set<String> allTopics() throws Exception {
        return system.kafka()
                .admin()
                .listTopics(
                        new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                .names()
                .get(30, TimeUnit.SECONDS);
    }

    private static String busyTaskManager(FlinkRest rest) throws Exception {
        return rest.taskManagers().stream()
                .filter(tm -> tm.freeSlots() < tm.slots())
                .map(FlinkRest.TaskManagerInfo::id)
                .filter(system.flink().taskManagerIds()::contains)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no TaskManager runs tasks"));
    }

    private static List<String> edgeNames() {
        return system.edges().names().stream().filter(n -> n.matches("edge-\\d+")).toList();
    }

    private static LoadRun load(String name) throws Exception {
        return load(
                name,
                system.edgeUrls(edgeNames()),
                settings.subjects(),
                settings.clients(),
                settings.ratePerSecond());
    }

    private static LoadRun load(String name, List<URI> edges, int subjects, int clients, int rate)
            throws Exception {
        KafkaCluster kafka = system.kafka();
        return LoadRun.start(
                name,
                new LoadRun.Target(
                        settings.sourceTopic(),
                        settings.sequencedTopic(),
                        kafka.bootstrapServers(),
                        edges,
                        kafka.producer(Map.of())),
                new LoadRun.Shape(
                        subjects, clients, Math.min(settings.subjectsPerClient(), subjects), rate));
    }

    private static void record(ScenarioReport report) throws IOException {
        REPORTS.add(report);
        System.out.println(ScenarioReport.header());
        System.out.println(report.row());
        Files.writeString(resultsFile(), ScenarioReport.table(REPORTS) + System.lineSeparator());
    }

    private static Path resultsFile() {
        return Path.of(System.getProperty(BuildArtifacts.DIR_PROPERTY), "results.md");
    }

    private static void assertClean(ScenarioReport report) throws IOException {
        record(report);
        assertThat(report.clean()).as(report.details()).isTrue();
        assertThat(report.published()).isPositive();
    }
}
