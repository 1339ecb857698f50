package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.edge.Edge;
import io.herald.edge.EdgeConfig;
import io.herald.job.RunningJob;
import io.herald.job.TestSequencer;
import io.herald.testing.Closer;
import io.herald.testing.EmbeddedKafka;
import io.herald.testing.Poll;
import io.herald.wire.Position;
import io.herald.wire.Subject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One client publishing faster than the edge once allowed (2,000 msg/s; the edge's default frame
 * rate is 1,000 frames/s, and in exactly-once mode an ack waits for a checkpoint) through one edge
 * with default settings, a real broker and the real job: every publish is acknowledged, none is
 * refused, the connection is never closed. Rates are what the publisher attempts; nothing here
 * asserts a time.
 */
class PublishRateIT {

    private static final String SOURCE = "rate";
    private static final int RATE = 2_000;
    private static final int SECONDS = 3;
    private static final int SUBJECTS = 10;

    @RegisterExtension static final MiniClusterExtension FLINK = TestSequencer.miniCluster(1);
    @RegisterExtension static final EmbeddedKafka KAFKA = EmbeddedKafka.perClass();
    @TempDir static Path checkpoints;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"low-latency", "exactly-once"})
    void aFastPublisherIsNeverRefusedAndEveryPublishIsAcknowledged(
            String delivery, @InjectClusterClient ClusterClient<?> flink) throws Exception {
        String prefix = "rate-" + delivery;
        RunningJob job =
                TestSequencer.on(KAFKA, prefix, checkpoints.resolve(delivery))
                        .flag("--source-topics", SOURCE)
                        .flag("--delivery", delivery)
                        .flag("--checkpoint-interval", "500ms")
                        .createTopics(3)
                        .start(flink);
        Edge edge = null;
        HeraldClient client = null;
        try {
            edge =
                    Edge.start(
                            EdgeConfig.parse(
                                    new String[] {
                                        "--bootstrap-servers",
                                        KAFKA.bootstrapServers(),
                                        "--port",
                                        "0",
                                        "--sequenced-topic",
                                        prefix + ".sequenced",
                                        "--dead-letter-topic",
                                        prefix + ".dead-letter",
                                        "--source-topics",
                                        SOURCE
                                    },
                                    Map.of()));
            Poll.until("edge cache warm", Duration.ofSeconds(60), edge::isReady);
            Recorder recorder = new Recorder();
            client =
                    HeraldClient.create(
                            HeraldClientConfig.builder(
                                            List.of(
                                                    URI.create(
                                                            "ws://127.0.0.1:"
                                                                    + edge.port()
                                                                    + "/ws")))
                                    .build(),
                            recorder);
            client.start();
            // One acknowledged publish first: the job is running and the connection is open.
            client.publish(Subject.parse("/rate/warm"), "warm").get(60, TimeUnit.SECONDS);

            List<CompletableFuture<Position>> acks = publishAtRate(client);
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(60, TimeUnit.SECONDS);
            Set<Position> positions = new HashSet<>();
            for (CompletableFuture<Position> ack : acks) {
                positions.add(ack.join());
            }
            assertThat(positions).hasSize(RATE * SECONDS);
            assertThat(recorder.errors).isEmpty();
            assertThat(client.stats().connects()).isEqualTo(1);
            assertThat(client.stats().publishesAcked()).isEqualTo(RATE * SECONDS + 1);
        } finally {
            Closer.closeAll(client, edge, job);
        }
    }

    /** Publishes RATE a second for SECONDS, spread over SUBJECTS, paced by the clock. */
    private static List<CompletableFuture<Position>> publishAtRate(HeraldClient client) {
        List<CompletableFuture<Position>> acks = new ArrayList<>(RATE * SECONDS);
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / RATE;
        for (int i = 0; i < RATE * SECONDS; i++) {
            long due = start + i * interval;
            long early = due - System.nanoTime();
            if (early > 0) {
                LockSupport.parkNanos(early);
            }
            acks.add(client.publish(Subject.parse("/rate/s" + (i % SUBJECTS)), "m-" + i));
        }
        return acks;
    }
}
