package io.herald.failover.kafka;

import io.herald.failover.process.ChildLogging;
import io.herald.failover.process.JvmCommand;
import io.herald.failover.process.ProcessSupervisor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A KRaft cluster of three brokers and three controllers, each a child JVM on loopback ports: the
 * controllers apart from the brokers (Kafka's isolated mode, the one it recommends for production),
 * so that losing the active controller moves no partition leadership. Topics it creates have
 * replication factor 3 and {@code min.insync.replicas=2}, as do the internal offsets and
 * transaction-state topics, so the cluster survives the loss of any one broker with no loss of
 * acknowledged ({@code acks=all}) writes and stays available for writes, and the loss of any one
 * controller.
 */
public final class KafkaCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaCluster.class);
    private static final short REPLICATION = 3;
    private static final int BROKERS = 3;

    /** Controllers' node ids follow the brokers' (1 to 3): 4 to 6. */
    private static final int FIRST_CONTROLLER_ID = BROKERS + 1;

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final ProcessSupervisor supervisor;
    private final String classpath;
    private final ChildLogging logging;
    private final List<KafkaNode> nodes;
    private final List<ClientListener> listeners;
    private Admin admin;

    private KafkaCluster(
            ProcessSupervisor supervisor,
            String classpath,
            ChildLogging logging,
            List<KafkaNode> nodes,
            List<ClientListener> listeners) {
        this.supervisor = supervisor;
        this.classpath = classpath;
        this.logging = logging;
        this.nodes = nodes;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * A listener on every node for one group of clients, advertised at other ports (those of
     * proxies in front of it): clients that bootstrap from {@link #bootstrapServers(String)} learn
     * the advertised addresses from the metadata and reach every broker through them.
     *
     * @param name the listener's name, e.g. {@code EDGES}
     * @param ports the port each broker (1, 2, 3) listens on
     * @param advertisedPorts the port each broker advertises on this listener
     */
    public record ClientListener(String name, List<Integer> ports, List<Integer> advertisedPorts) {
        public ClientListener {
            ports = List.copyOf(ports);
            advertisedPorts = List.copyOf(advertisedPorts);
            if (ports.size() != BROKERS || advertisedPorts.size() != BROKERS) {
                throw new IllegalArgumentException("need a port and an advertised port per broker");
            }
        }
    }

    /**
     * Formats and starts the six nodes, waiting until all three brokers are registered.
     *
     * @param ports six free ports: the brokers' {@code PLAINTEXT} ports, then the controllers'
     */
    public static KafkaCluster start(
            ProcessSupervisor supervisor,
            String classpath,
            ChildLogging logging,
            List<Integer> ports)
            throws InterruptedException {
        return start(supervisor, classpath, logging, ports, List.of());
    }

    /**
     * As {@link #start(ProcessSupervisor, String, ChildLogging, List)}, with {@code listeners} on
     * every broker besides the one the cluster's own clients use.
     */
    public static KafkaCluster start(
            ProcessSupervisor supervisor,
            String classpath,
            ChildLogging logging,
            List<Integer> ports,
            List<ClientListener> listeners)
            throws InterruptedException {
        if (ports.size() != 2 * BROKERS) {
            throw new IllegalArgumentException("need 6 free ports (3 brokers, 3 controllers)");
        }
        List<KafkaNode> brokers = new ArrayList<>();
        List<KafkaNode> controllers = new ArrayList<>();
        for (int i = 0; i < BROKERS; i++) {
            brokers.add(node(supervisor, KafkaNode.Role.BROKER, 1 + i, ports.get(i)));
            controllers.add(
                    node(
                            supervisor,
                            KafkaNode.Role.CONTROLLER,
                            FIRST_CONTROLLER_ID + i,
                            ports.get(BROKERS + i)));
        }
        String voters = controllers.stream().map(KafkaNode::voter).collect(Collectors.joining(","));
        for (KafkaNode controller : controllers) {
            controller.writeConfig(voters, clusterSettings(), List.of());
        }
        for (int i = 0; i < BROKERS; i++) {
            List<KafkaNode.Listener> extra = new ArrayList<>();
            for (ClientListener l : listeners) {
                extra.add(
                        new KafkaNode.Listener(
                                l.name(), l.ports().get(i), l.advertisedPorts().get(i)));
            }
            brokers.get(i).writeConfig(voters, clusterSettings(), extra);
        }
        List<KafkaNode> nodes = new ArrayList<>(controllers);
        nodes.addAll(brokers);
        String clusterId = Uuid.randomUuid().toString();
        KafkaCluster cluster = new KafkaCluster(supervisor, classpath, logging, nodes, listeners);
        cluster.format(clusterId);
        for (KafkaNode node : nodes) {
            node.start(supervisor, classpath, logging);
        }
        cluster.admin = cluster.newAdmin();
        cluster.awaitBrokers(BROKERS);
        LOG.info("kafka cluster up bootstrap={}", cluster.bootstrapServers());
        return cluster;
    }

    private static KafkaNode node(
            ProcessSupervisor supervisor, KafkaNode.Role role, int nodeId, int port) {
        return new KafkaNode(role, nodeId, port, supervisor.scratch(role.nodeName(nodeId)));
    }

    private static Map<String, String> clusterSettings() {
        Map<String, String> s = new HashMap<>();
        s.put("default.replication.factor", "3");
        s.put("min.insync.replicas", "2");
        s.put("offsets.topic.replication.factor", "3");
        s.put("offsets.topic.num.partitions", "3");
        s.put("transaction.state.log.replication.factor", "3");
        s.put("transaction.state.log.min.isr", "2");
        s.put("transaction.state.log.num.partitions", "3");
        s.put("unclean.leader.election.enable", "false");
        s.put("auto.create.topics.enable", "false");
        s.put("group.initial.rebalance.delay.ms", "0");
        s.put("num.partitions", "3");
        // Fast failure detection: a killed broker's session ends after 3 s, not 9 s.
        s.put("broker.session.timeout.ms", "3000");
        s.put("broker.heartbeat.interval.ms", "500");
        // A killed active controller: the other voters elect a new one once they have heard
        // nothing from it for this long (2 s by default). Until then no broker can be fenced and
        // no leadership moved; produce and fetch go on.
        s.put("controller.quorum.fetch.timeout.ms", "1000");
        // When the two left both stand for election at once, neither gets a majority: each waits
        // a random 1-2 times this (1 s by default) and at most the backoff before the next round.
        s.put("controller.quorum.election.timeout.ms", "500");
        s.put("controller.quorum.election.backoff.max.ms", "500");
        s.put("replica.lag.time.max.ms", "5000");
        s.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        return s;
    }

    private void format(String clusterId) throws InterruptedException {
        List<Thread> formatters = new ArrayList<>();
        List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        for (KafkaNode node : nodes) {
            JvmCommand command =
                    node.formatCommand(classpath, clusterId, logging, supervisor.logDir());
            Thread t =
                    new Thread(
                            () -> {
                                try {
                                    supervisor.runToCompletion(command, Duration.ofSeconds(60));
                                } catch (RuntimeException e) {
                                    failures.add(e);
                                }
                            },
                            command.name());
            t.start();
            formatters.add(t);
        }
        for (Thread t : formatters) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    public String bootstrapServers() {
        return brokers().stream()
                .map(n -> "127.0.0.1:" + n.brokerPort())
                .collect(Collectors.joining(","));
    }

    /** The advertised addresses of {@code listener}: the bootstrap servers of its clients. */
    public String bootstrapServers(String listener) {
        ClientListener l =
                listeners.stream()
                        .filter(c -> c.name().equals(listener))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no listener " + listener));
        return l.advertisedPorts().stream()
                .map(p -> "127.0.0.1:" + p)
                .collect(Collectors.joining(","));
    }

    /** The admin client of the cluster (owned by it: do not close). */
    public Admin admin() {
        return admin;
    }

    private Admin newAdmin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return Admin.create(p);
    }

    /** Creates topics with replication factor 3 and {@code min.insync.replicas=2}. */
    public void createTopics(Map<String, Integer> partitionsByTopic) throws Exception {
        List<NewTopic> topics =
                partitionsByTopic.entrySet().stream()
                        .map(
                                e ->
                                        new NewTopic(e.getKey(), e.getValue(), REPLICATION)
                                                .configs(Map.of("min.insync.replicas", "2")))
                        .toList();
        admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        awaitFullIsr(partitionsByTopic.keySet(), READY_TIMEOUT);
    }

    /** An idempotent producer with {@code acks=all}; the caller closes it. */
    public KafkaProducer<byte[], byte[]> producer(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        props.putAll(overrides);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The node id of the active KRaft controller (the quorum leader), 4 to 6. */
    public int activeController() throws Exception {
        return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
    }

    /** SIGKILL one node, a broker or a controller. */
    public void kill(int nodeId) {
        node(nodeId).kill();
    }

    /**
     * Restarts a killed node on the same port and data, and waits until it serves again: a broker
     * registered, a controller caught up with the quorum's leader.
     */
    public void restart(int nodeId) throws InterruptedException {
        KafkaNode node = node(nodeId);
        long restartedAt = System.currentTimeMillis();
        node.start(supervisor, classpath, logging);
        if (node.role() == KafkaNode.Role.CONTROLLER) {
            awaitCaughtUp(nodeId, restartedAt);
        } else {
            awaitBrokers(BROKERS);
        }
    }

    private void awaitCaughtUp(int controllerId, long sinceMillis) throws InterruptedException {
        awaitReady(
                "kafka controller " + controllerId + " not caught up",
                () -> {
                    QuorumInfo quorum =
                            admin.describeMetadataQuorum().quorumInfo().get(5, TimeUnit.SECONDS);
                    OptionalLong caughtUp =
                            quorum.voters().stream()
                                    .filter(v -> v.replicaId() == controllerId)
                                    .findFirst()
                                    .map(QuorumInfo.ReplicaState::lastCaughtUpTimestamp)
                                    .orElse(OptionalLong.empty());
                    return caughtUp.isPresent() && caughtUp.getAsLong() >= sinceMillis
                            ? null
                            : "last caught up " + caughtUp + ", leader " + quorum.leaderId();
                });
    }

    /** Waits until every partition of {@code topics} has all 3 replicas in sync again. */
    public void awaitFullIsr(Collection<String> topics, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> d = describe(topics);
                List<String> underReplicated =
                        d.values().stream()
                                .flatMap(
                                        t ->
                                                t.partitions().stream()
                                                        .filter(p -> p.isr().size() < REPLICATION)
                                                        .map(p -> t.name() + "-" + p.partition()))
                                .toList();
                if (underReplicated.isEmpty() && d.size() == topics.size()) {
                    return;
                }
                state = "under-replicated: " + underReplicated;
            } catch (Exception e) {
                state = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("ISR not full after " + timeout + ": " + state);
    }

    private Map<String, TopicDescription> describe(Collection<String> topics) throws Exception {
        return admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
    }

    private void awaitBrokers(int count) throws InterruptedException {
        awaitReady(
                "kafka brokers not ready",
                () -> {
                    int registered =
                            admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                    return registered >= count ? null : registered + " brokers registered";
                });
    }

    /** One look at the cluster: null once it is ready, else what is missing. */
    @FunctionalInterface
    private interface Readiness {
        String missing() throws ExecutionException, TimeoutException, InterruptedException;
    }

    /**
     * Polls {@code check} until it is ready, for at most {@link #READY_TIMEOUT}; fails at once when
     * a node crashed, and after the timeout with {@code failure} and what was last missing.
     */
    private void awaitReady(String failure, Readiness check) throws InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            failOnCrash();
            try {
                String missing = check.missing();
                if (missing == null) {
                    return;
                }
                state = missing;
            } catch (ExecutionException | TimeoutException e) {
                state = e.toString();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(failure + " after " + READY_TIMEOUT + ": " + state);
    }

    private void failOnCrash() {
        for (KafkaNode node : nodes) {
            if (node.process() != null && !node.isAlive() && !node.killedOnPurpose()) {
                throw new IllegalStateException(
                        node.name() + " exited:\n" + node.process().logTail(40));
            }
        }
    }

    /** The brokers' node ids, 1 to 3. */
    public List<Integer> brokerIds() {
        return brokers().stream().map(KafkaNode::nodeId).toList();
    }

    private List<KafkaNode> brokers() {
        return nodes.stream().filter(n -> n.role() == KafkaNode.Role.BROKER).toList();
    }

    private KafkaNode node(int nodeId) {
        return nodes.stream()
                .filter(n -> n.nodeId() == nodeId)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no kafka node " + nodeId));
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
        nodes.forEach(KafkaNode::kill);
    }
}
