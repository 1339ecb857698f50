package io.herald.edge.it;

import static io.herald.edge.it.EdgeProtocolIT.config;
import static io.herald.edge.it.EdgeProtocolIT.startReady;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.edge.Edge;
import io.herald.job.SequencerConfig;
import io.herald.job.SequencerJob;
import io.herald.testing.EmbeddedKafka;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.Recovery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path: a client publishes through edge A, the real sequencer job (MiniCluster,
 * exactly-once) sequences it, and both edges deliver it at the same position; the publish
 * acknowledgement carries that committed position.
 */
class SequencerEndToEndIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @TempDir static Path checkpoints;
    private static EmbeddedKafka kafka;
    private static JobClient job;
    private static Edge edgeA;
    private static Edge edgeB;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopic("demo", 3);
        kafka.createTopic("messages.sequenced", 3);
        kafka.createTopic("messages.dead-letter", 1);
        SequencerConfig config =
                SequencerConfig.parse(
                        "--bootstrap-servers", kafka.bootstrapServers(),
                        "--group-id", "edge-e2e",
                        "--transactional-id-prefix", "edge-e2e",
                        "--checkpoint-interval", "300ms",
                        "--checkpoint-dir", checkpoints.toUri().toString(),
                        "--parallelism", "1",
                        "--transaction-timeout", "1min");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        SequencerJob.flinkConfiguration(config));
        SequencerJob.build(env, config);
        job = env.executeAsync("edge-e2e");
        edgeA = startReady(config(kafka));
        edgeB = startReady(config(kafka));
    }

    @AfterAll
    static void stop() throws Exception {
        if (edgeA != null) {
            edgeA.close();
        }
        if (edgeB != null) {
            edgeB.close();
        }
        if (job != null) {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aPublishOnOneEdgeReachesBothEdgesAtTheAcknowledgedPosition() throws Exception {
        String subscribe =
                "{\"type\":\"subscribe\",\"id\":\"s\",\"subjects\":[{\"subject\":\"/demo/e2e\"}]}";
        try (RawClient onA = RawClient.connect(edgeA.port());
                RawClient onB = RawClient.connect(edgeB.port());
                RawClient publisher = RawClient.connect(edgeA.port())) {
            onA.send(subscribe);
            onB.send(subscribe);
            assertThat(onA.next(EdgeFrame.Subscribed.class).recovery()).isEqualTo(Recovery.NONE);
            onB.next(EdgeFrame.Subscribed.class);
            int n = 20;
            for (int i = 0; i < n; i++) {
                publisher.send(
                        "{\"type\":\"publish\",\"id\":\"p"
                                + i
                                + "\",\"subject\":\"/demo/e2e\",\"content\":\"hello "
                                + i
                                + "\"}");
            }
            Map<String, EdgeFrame.Published> acks = new HashMap<>();
            while (acks.size() < n) {
                EdgeFrame.Published ack = publisher.next(EdgeFrame.Published.class);
                acks.put(ack.id(), ack);
            }
            List<EdgeFrame.Message> a = onA.messages(n);
            List<EdgeFrame.Message> b = onB.messages(n);
            assertThat(a).isEqualTo(b);
            List<String> contents = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                EdgeFrame.Message m = a.get(i);
                contents.add(m.content());
                if (i > 0) {
                    assertThat(m.position().compareTo(a.get(i - 1).position())).isPositive();
                }
                String id = "p" + m.content().substring("hello ".length());
                assertThat(acks.get(id).position()).isEqualTo(m.position());
            }
            assertThat(contents)
                    .containsExactlyInAnyOrderElementsOf(
                            java.util.stream.IntStream.range(0, n)
                                    .mapToObj(i -> "hello " + i)
                                    .toList());
        }
    }
}
