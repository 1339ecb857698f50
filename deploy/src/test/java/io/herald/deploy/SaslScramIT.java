package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.client.HeraldClient;
import io.herald.client.HeraldClientConfig;
import io.herald.client.HeraldListener;
import io.herald.edge.Edge;
import io.herald.edge.EdgeConfig;
import io.herald.job.RunningJob;
import io.herald.job.SequencerJob;
import io.herald.job.TestSequencer;
import io.herald.kafka.TopicCheckException;
import io.herald.testing.Closer;
import io.herald.testing.EmbeddedKafka;
import io.herald.testing.FreePorts;
import io.herald.testing.Poll;
import io.herald.wire.Position;
import io.herald.wire.Subject;
import io.herald.wire.frame.EdgeFrame;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Production Kafka: a broker whose listener requires SASL/SCRAM-SHA-256, the real job (on a
 * MiniCluster) and two real edges, each given the same {@code --kafka-config} file. A message
 * published on one edge is delivered on the other; without the file, the edge process and the job's
 * {@code main} fail within their bounded start-up check, saying why.
 */
class SaslScramIT {

    private static final String NAME = "sasl";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @RegisterExtension static final MiniClusterExtension FLINK = TestSequencer.miniCluster(1);
    @TempDir static Path dir;

    private static EmbeddedKafka kafka;
    private static Path clientConfig;
    private static RunningJob job;

    private final List<Edge> edges = new ArrayList<>();
    private final List<HeraldClient> clients = new ArrayList<>();

    @BeforeAll
    static void start(@InjectClusterClient ClusterClient<?> flink) throws Exception {
        kafka = EmbeddedKafka.startSasl();
        kafka.createScramUser("herald", "herald-secret");
        clientConfig = dir.resolve("client.properties");
        Files.writeString(
                clientConfig,
                """
                security.protocol=SASL_PLAINTEXT
                sasl.mechanism=SCRAM-SHA-256
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule \\
                    required username="herald" password="herald-secret";
                """);
        job =
                TestSequencer.on(kafka, NAME, dir.resolve("checkpoints"))
                        .flag("--kafka-config", clientConfig.toString())
                        .flag("--delivery", "low-latency")
                        .createTopics(2)
                        .start(flink);
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(job, kafka);
    }

    @AfterEach
    void closeClientsAndEdges() {
        clients.forEach(HeraldClient::close);
        edges.forEach(Edge::close);
    }

    @Test
    void publishedOnOneEdgeDeliveredOnTheOtherThroughTheKafkaConfigFile() throws Exception {
        Edge publishing = startEdge();
        Edge delivering = startEdge();
        Subject subject = Subject.parse("/" + NAME + "/room-1");
        List<EdgeFrame.Message> heard = new CopyOnWriteArrayList<>();
        HeraldClient subscriber =
                client(
                        delivering,
                        new HeraldListener() {
                            @Override
                            public void onMessage(EdgeFrame.Message message) {
                                heard.add(message);
                            }
                        });
        subscriber.subscribe(subject).get(30, TimeUnit.SECONDS);
        HeraldClient publisher = client(publishing, new HeraldListener() {});

        Position acked = publisher.publish(subject, "over SCRAM").get(30, TimeUnit.SECONDS);

        Poll.until("the message on the other edge", DEADLINE, () -> !heard.isEmpty());
        assertThat(heard)
                .singleElement()
                .satisfies(
                        m -> {
                            assertThat(m.content()).isEqualTo("over SCRAM");
                            assertThat(m.position()).isEqualTo(acked);
                        });
    }

    @Test
    void withoutTheFileTheEdgeAndTheJobStopWithTheReason() throws Exception {
        Path output = dir.resolve("edge-without-config.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path")));
        command.add("io.herald.edge.EdgeMain");
        command.addAll(edgeArgs(FreePorts.next()));
        java.lang.Process edge =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
        try {
            // Meanwhile, the job's main as flink run calls it, with no --kafka-config.
            String[] jobArgs = TestSequencer.on(kafka, NAME, dir.resolve("unused")).args();
            assertThatThrownBy(() -> SequencerJob.main(jobArgs))
                    .isInstanceOfSatisfying(
                            TopicCheckException.class,
                            e ->
                                    assertThat(e.reason())
                                            .isEqualTo(TopicCheckException.Reason.UNREACHABLE))
                    .hasMessageStartingWith("no answer from Kafka at " + kafka.bootstrapServers())
                    .hasMessageContaining("security settings")
                    .hasMessageContaining("--kafka-config");

            assertThat(edge.waitFor(90, TimeUnit.SECONDS))
                    .as("the edge exits; output:\n%s", read(output))
                    .isTrue();
            assertThat(edge.exitValue()).isEqualTo(1);
            assertThat(read(output))
                    .contains("no answer from Kafka at " + kafka.bootstrapServers())
                    .contains("see --kafka-config")
                    .contains("exiting with status 1");
        } finally {
            edge.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static List<String> edgeArgs(int port) {
        return List.of(
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--port",
                Integer.toString(port),
                "--sequenced-topic",
                NAME + ".sequenced",
                "--dead-letter-topic",
                NAME + ".dead-letter",
                "--source-topics",
                NAME);
    }

    private Edge startEdge() {
        List<String> args = new ArrayList<>(edgeArgs(0));
        args.addAll(List.of("--kafka-config", clientConfig.toString()));
        Edge edge = Edge.start(EdgeConfig.parse(args.toArray(String[]::new), Map.of()));
        edges.add(edge);
        Poll.until("edge cache warm", DEADLINE, edge::isReady);
        return edge;
    }

    private HeraldClient client(Edge edge, HeraldListener listener) {
        HeraldClient client =
                HeraldClient.create(
                        HeraldClientConfig.builder(
                                        URI.create("ws://127.0.0.1:" + edge.port() + "/ws"))
                                .publishTimeout(Duration.ofSeconds(30))
                                .build(),
                        listener);
        clients.add(client);
        client.start();
        return client;
    }

    private static String read(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
