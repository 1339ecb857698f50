package io.herald.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) running in the test JVM,
 * on a free loopback port, from Kafka's own test kit. A test class registers one as a JUnit
 * extension, which starts it (and creates the topics named) before all tests and closes it after
 * them:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmbeddedKafka KAFKA = EmbeddedKafka.perClass().withTopic("demo", 3);
 * }</pre>
 *
 * or, for a broker that lives in one method, {@code try (EmbeddedKafka kafka =
 * EmbeddedKafka.start()) {...}}.
 *
 * <p>{@link #startSasl} starts one whose listener requires SASL ({@code SASL_PLAINTEXT}, mechanisms
 * PLAIN and SCRAM-SHA-256): this class's own clients then log in as the broker's PLAIN super user,
 * and a test creates SCRAM users with {@link #createScramUser}.
 *
 * <p>Internal topics have replication factor 1 and min ISR 1, so transactions (exactly-once sinks)
 * work on the single node.
 */
public final class EmbeddedKafka implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    /** The PLAIN super user of a {@link #startSasl} broker, as Kafka's test kit defines it. */
    private static final String SASL_ADMIN_JAAS =
            "org.apache.kafka.common.security.plain.PlainLoginModule required"
                    + " username=\"plain-admin\" password=\"plain-admin-secret\";";

    private final Map<String, Integer> initialTopics = new LinkedHashMap<>();
    private final Map<String, Object> clientSecurity;
    private final Map<String, String> brokerProperties;
    private volatile KafkaClusterTestKit cluster;

    private EmbeddedKafka(Map<String, String> brokerProperties) {
        this(brokerProperties, Map.of());
    }

    private EmbeddedKafka(
            Map<String, String> brokerProperties, Map<String, Object> clientSecurity) {
        this.brokerProperties = Map.copyOf(brokerProperties);
        this.clientSecurity = Map.copyOf(clientSecurity);
    }

    /**
     * A broker for a test class: register it with {@code @RegisterExtension} on a static field; it
     * starts before the class's {@code @BeforeAll} methods and stops after its {@code @AfterAll}
     * methods.
     */
    public static EmbeddedKafka perClass() {
        return perClass(Map.of());
    }

    /** As {@link #perClass()}, with extra broker properties (they override the defaults). */
    public static EmbeddedKafka perClass(Map<String, String> brokerProperties) {
        return new EmbeddedKafka(brokerProperties);
    }

    /** A topic to create when the broker starts (before {@link #perClass()} starts it). */
    public EmbeddedKafka withTopic(String name, int partitions) {
        if (cluster != null) {
            throw new IllegalStateException("the broker runs already: use createTopic");
        }
        initialTopics.put(name, partitions);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (cluster != null) {
            throw new IllegalStateException("this broker was started already");
        }
        cluster = startCluster(brokerProperties, SecurityProtocol.PLAINTEXT);
        initialTopics.forEach(this::createTopic);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    /** Starts a broker with the defaults. */
    public static EmbeddedKafka start() throws Exception {
        return start(Map.of());
    }

    /** Starts a broker with extra broker properties (they override the defaults). */
    public static EmbeddedKafka start(Map<String, String> brokerProperties) throws Exception {
        EmbeddedKafka kafka = new EmbeddedKafka(brokerProperties);
        kafka.cluster = startCluster(kafka.brokerProperties, SecurityProtocol.PLAINTEXT);
        return kafka;
    }

    /**
     * Starts a broker whose client listener requires SASL ({@code SASL_PLAINTEXT}) with PLAIN and
     * SCRAM-SHA-256; no ACL is needed (every authenticated user may do everything).
     */
    public static EmbeddedKafka startSasl() throws Exception {
        EmbeddedKafka kafka =
                new EmbeddedKafka(
                        Map.of(
                                "sasl.enabled.mechanisms",
                                "PLAIN,SCRAM-SHA-256",
                                "listener.name.external.scram-sha-256.sasl.jaas.config",
                                "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                                "allow.everyone.if.no.acl.found",
                                "true"),
                        Map.of(
                                "security.protocol", "SASL_PLAINTEXT",
                                "sasl.mechanism", "PLAIN",
                                "sasl.jaas.config", SASL_ADMIN_JAAS));
        kafka.cluster = startCluster(kafka.brokerProperties, SecurityProtocol.SASL_PLAINTEXT);
        return kafka;
    }

    /**
     * Creates SCRAM-SHA-256 credentials (KRaft keeps them in its metadata, so they are made through
     * the admin API) and returns once the broker accepts them.
     */
    public void createScramUser(String user, String password) throws Exception {
        try (Admin admin = admin()) {
            admin.alterUserScramCredentials(
                            List.of(
                                    new UserScramCredentialUpsertion(
                                            user,
                                            new ScramCredentialInfo(
                                                    ScramMechanism.SCRAM_SHA_256, 8192),
                                            password)))
                    .all()
                    .get();
        }
        Poll.until(
                "SCRAM credentials of " + user + " known to the broker",
                Duration.ofSeconds(30),
                () -> scramUserKnown(user));
    }

    private boolean scramUserKnown(String user) {
        try (Admin admin = admin()) {
            return admin.describeUserScramCredentials(List.of(user)).all().get().containsKey(user);
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static KafkaClusterTestKit startCluster(
            Map<String, String> brokerProperties, SecurityProtocol protocol) throws Exception {
        TestKitNodes nodes =
                new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                        .setBrokerSecurityProtocol(protocol)
                        .build();
        KafkaClusterTestKit.Builder builder =
                new KafkaClusterTestKit.Builder(nodes)
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("offsets.topic.num.partitions", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("transaction.state.log.num.partitions", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("num.partitions", "1")
                        .setConfigProp("auto.create.topics.enable", "false");
        brokerProperties.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** The bootstrap servers, e.g. {@code localhost:41234}. */
    public String bootstrapServers() {
        if (cluster == null) {
            throw new IllegalStateException("the broker is not running");
        }
        return cluster.bootstrapServers();
    }

    /** An admin client; the caller closes it. */
    public Admin admin() {
        Properties props = new Properties();
        props.putAll(clientSecurity);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(props);
    }

    /** Creates a topic (idempotent: an existing topic is left as it is). */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /**
     * Creates a topic with topic configs (idempotent) and returns once the broker serves every
     * partition of it: the controller accepting the topic comes before the broker's metadata has
     * it, and a client in between would be told the partition does not exist.
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic " + name, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Poll.until(
                "topic " + name + " served with a leader for every partition",
                Duration.ofSeconds(30),
                () -> served(name));
    }

    private boolean served(String topic) {
        try (Admin admin = admin()) {
            return admin
                    .describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .stream()
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An idempotent byte-array producer with {@code acks=all}; the caller closes it. */
    public KafkaProducer<byte[], byte[]> producer() {
        return producer(Map.of());
    }

    public KafkaProducer<byte[], byte[]> producer(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>(clientSecurity);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putAll(overrides);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A byte-array consumer reading committed data only, with no group; the caller closes it. */
    public KafkaConsumer<byte[], byte[]> readCommittedConsumer() {
        Map<String, Object> props = new HashMap<>(clientSecurity);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Reads a whole topic from the beginning with {@code read_committed} until {@code expected}
     * records have arrived or the deadline passes, then returns what it read (maybe fewer: the
     * caller asserts).
     */
    public List<ConsumerRecord<byte[], byte[]>> readAll(
            String topic, int expected, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> consumer = readCommittedConsumer()) {
            Collection<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** Stops the broker; closing one that is not running does nothing. */
    @Override
    public void close() throws Exception {
        if (cluster != null) {
            KafkaClusterTestKit running = cluster;
            cluster = null;
            running.close();
        }
    }
}
