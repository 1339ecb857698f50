package io.herald.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker (broker and controller in one) running in this JVM, with
 * its log in a local folder that survives restarts: the storage is formatted on the first start
 * only, so topics and messages are still there on the next run. The controller listens on a free
 * loopback port chosen at each start; clients only ever see the broker port.
 */
final class LocalKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private LocalKafka(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /** Formats {@code dir} if it holds no broker yet, then starts the broker on 127.0.0.1:port. */
    static LocalKafka start(Path dir, int port) throws IOException {
        Files.createDirectories(dir);
        Path logDir = dir.resolve("log");
        Path propertiesFile = dir.resolve("server.properties");
        Properties properties = properties(logDir, port, freePort());
        try (OutputStream out = Files.newOutputStream(propertiesFile)) {
            properties.store(out, "Written by io.herald.local.LocalStack at each start");
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(propertiesFile);
        }
        KafkaRaftServer server =
                new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        server.startup();
        LocalKafka kafka = new LocalKafka(server, "127.0.0.1:" + port);
        LOG.info("kafka started bootstrap={} dir={}", kafka.bootstrapServers, dir);
        return kafka;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates the missing topics among {@code names}, waiting until the broker accepts them. */
    void createTopics(List<String> names, int partitions, long timeoutMillis)
            throws InterruptedException, TimeoutException {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing =
                    admin.listTopics().names().get(timeoutMillis, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : names) {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, partitions, (short) 1));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(timeoutMillis, TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create topics " + names, e.getCause());
        }
    }

    private static Properties properties(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "false");
        // A laptop's worth of retention: a day, at most 1 GiB per partition.
        p.setProperty("log.retention.hours", "24");
        p.setProperty("log.retention.bytes", String.valueOf(1L << 30));
        // The exactly-once job's sinks use a new transactional id and producer id per checkpoint:
        // forget them after an hour, not Kafka's 7 days and 1 day, which would fill this JVM's
        // heap (docs/deploy.md, "Broker settings for the job's transactions").
        p.setProperty("transactional.id.expiration.ms", "3600000");
        p.setProperty("producer.id.expiration.ms", "3600000");
        return p;
    }

    private static void format(Path propertiesFile) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            code =
                    StorageTool.execute(
                            new String[] {
                                "format",
                                "--cluster-id",
                                Uuid.randomUuid().toString(),
                                "--config",
                                propertiesFile.toString()
                            },
                            out);
        }
        if (code != 0) {
            throw new IllegalStateException(
                    "could not format Kafka storage: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    /** Stops the broker and waits for it (controlled shutdown, log flushed). */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        LOG.info("kafka stopped");
    }
}
