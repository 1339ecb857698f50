package io.herald.edge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.edge.Edge;
import io.herald.edge.EdgeConfig;
import io.herald.testing.EmbeddedKafka;
import io.herald.testing.FreePorts;
import io.herald.testing.Poll;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edge that can no longer do its job says so and stops; a failed start leaves nothing behind.
 * The failures are real ones, on a real broker: the sequenced topic deleted, the edge's read
 * permission revoked (the broker runs Kafka's standard authorizer, open to everyone until a test
 * denies something), the port taken.
 */
class EdgeFailureIT {
    @RegisterExtension
    static final EmbeddedKafka KAFKA =
            EmbeddedKafka.perClass(
                    Map.of(
                            "authorizer.class.name",
                            "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                            "allow.everyone.if.no.acl.found",
                            "true"));

    private static List<String> edgeArgs(String topic, int port) {
        return List.of(
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--port",
                Integer.toString(port),
                "--sequenced-topic",
                topic,
                "--cache-ttl",
                "10s");
    }

    /** {@code java ... io.herald.edge.EdgeMain args}: the edge as its own process. */
    private static List<String> edgeMainCommand(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path")));
        command.add("io.herald.edge.EdgeMain");
        command.addAll(args);
        return command;
    }

    private static EdgeConfig config(String topic, int port) {
        return EdgeConfig.parse(edgeArgs(topic, port).toArray(String[]::new), Map.of());
    }

    @Test
    void anEdgeWhoseTopicIsDeletedTurnsHealthzTo503AndSendsItsClientsToAnotherEdge()
            throws Exception {
        String topic = "deleted.sequenced";
        KAFKA.createTopic(topic, 2);
        try (Edge edge = EdgeProtocolIT.startReady(config(topic, 0));
                RawClient client = RawClient.connect(edge.port())) {
            assertThat(healthz(edge.port()).statusCode()).isEqualTo(200);
            try (Admin admin = KAFKA.admin()) {
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }

            Edge.Failure failure = edge.failure().toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertThat(failure.component()).startsWith("herald-edge-consumer-");
            assertThat(failure.cause())
                    .hasMessage("the sequenced topic " + topic + " no longer exists");

            HttpResponse<String> health = healthz(edge.port());
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body())
                    .startsWith("failed: herald-edge-consumer-")
                    .contains("no longer exists");
            assertThat(edge.isReady()).isFalse();
            assertThat(get(edge.port(), "/metrics").body()).contains("\nherald_edge_ready 0\n");
            // Its clients are told to go elsewhere (and resume), and no new one is taken.
            assertThat(client.closeCode()).isEqualTo(1001);
            assertThatThrownBy(() -> RawClient.connect(edge.port()))
                    .cause()
                    .isInstanceOfSatisfying(
                            WebSocketHandshakeException.class,
                            e -> assertThat(e.getResponse().statusCode()).isEqualTo(503));
        }
    }

    @Test
    void edgeMainExitsNonZeroOnceKafkaRefusesItTheSequencedTopic(@TempDir Path dir)
            throws Exception {
        String topic = "denied.sequenced";
        KAFKA.createTopic(topic, 1);
        int port = FreePorts.next();
        Path output = dir.resolve("edge.log");
        Process edge =
                new ProcessBuilder(edgeMainCommand(edgeArgs(topic, port)))
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
        try {
            Poll.until(
                    "the child edge serves",
                    Duration.ofSeconds(60),
                    () -> edge.isAlive() && healthzIs(port, 200),
                    () -> "alive=" + edge.isAlive() + " output:\n" + read(output));
            denyRead(topic);
            assertThat(edge.waitFor(60, TimeUnit.SECONDS))
                    .as("the edge exits; output:\n%s", read(output))
                    .isTrue();
            assertThat(edge.exitValue()).isEqualTo(1);
            assertThat(read(output))
                    .contains("ERROR")
                    .contains("TopicAuthorizationException")
                    .contains("exiting with status 1");
        } finally {
            edge.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void edgeMainExitsNonZeroNamingAMissingSequencedTopic(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("edge.log");
        Process edge =
                new ProcessBuilder(edgeMainCommand(edgeArgs("never.created", FreePorts.next())))
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
        try {
            assertThat(edge.waitFor(60, TimeUnit.SECONDS))
                    .as("the edge exits; output:\n%s", read(output))
                    .isTrue();
            assertThat(edge.exitValue()).isEqualTo(1);
            assertThat(read(output))
                    .contains("topic never.created does not exist on " + KAFKA.bootstrapServers())
                    .contains("herald-admin topics");
        } finally {
            edge.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStartOnATakenPortThrowsAndLeavesNothingRunning() throws Exception {
        Poll.until(
                "no edge threads from earlier tests",
                Duration.ofSeconds(30),
                () -> edgeThreads().isEmpty(),
                () -> edgeThreads().toString());
        KAFKA.createTopic("taken.sequenced", 1);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> Edge.start(config("taken.sequenced", port)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot listen on 127.0.0.1:" + port);
            Poll.until(
                    "every thread of the failed edge gone",
                    Duration.ofSeconds(10),
                    () -> edgeThreads().isEmpty(),
                    () -> edgeThreads().toString());
            assertThat(kafkaClientsOfEdges()).isEmpty();
        }
    }

    /** Threads an edge starts: its own, its event loops', its Kafka clients'. */
    private static List<String> edgeThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("herald-edge-") || n.contains("| herald-edge-"))
                .toList();
    }

    /** Kafka clients register their metrics in JMX under their client id until closed. */
    private static List<ObjectName> kafkaClientsOfEdges() throws Exception {
        List<ObjectName> found = new ArrayList<>();
        for (String type : List.of("kafka.producer", "kafka.consumer")) {
            found.addAll(
                    ManagementFactory.getPlatformMBeanServer()
                            .queryNames(new ObjectName(type + ":client-id=herald-edge-*,*"), null));
        }
        return found;
    }

    private static void denyRead(String topic) throws Exception {
        try (Admin admin = KAFKA.admin()) {
            admin.createAcls(
                            List.of(
                                    new AclBinding(
                                            new ResourcePattern(
                                                    ResourceType.TOPIC, topic, PatternType.LITERAL),
                                            new AccessControlEntry(
                                                    "User:ANONYMOUS",
                                                    "*",
                                                    AclOperation.READ,
                                                    AclPermissionType.DENY))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static HttpResponse<String> healthz(int port) throws Exception {
        return get(port, "/healthz");
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static boolean healthzIs(int port, int status) {
        try {
            return healthz(port).statusCode() == status;
        } catch (java.io.IOException e) {
            return false; // not listening yet
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
