package io.herald.edge.it;

import static io.herald.edge.it.EdgeProtocolIT.config;
import static io.herald.edge.it.EdgeProtocolIT.startReady;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.edge.Edge;
import io.herald.job.RunningJob;
import io.herald.job.TestSequencer;
import io.herald.testing.Closer;
import io.herald.testing.EmbeddedKafka;
import io.herald.wire.Subject;
import io.herald.wire.frame.ClientFrame;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.ErrorCode;
import io.herald.wire.frame.FrameCodec;
import io.herald.wire.frame.Recovery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
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
    @RegisterExtension static final MiniClusterExtension FLINK = TestSequencer.miniCluster(1);
    @RegisterExtension static final EmbeddedKafka KAFKA = EmbeddedKafka.perClass();
    @TempDir static Path checkpoints;
    private static RunningJob job;
    private static Edge edgeA;
    private static Edge edgeB;

    @BeforeAll
    static void start(@InjectClusterClient ClusterClient<?> flink) throws Exception {
        job =
                TestSequencer.on(KAFKA, "edge-e2e", checkpoints)
                        .flag("--source-topics", "demo")
                        .flag("--sequenced-topic", "messages.sequenced")
                        .flag("--dead-letter-topic", "messages.dead-letter")
                        .createTopics(3)
                        .start(flink);
        edgeA = startReady(config(KAFKA));
        edgeB = startReady(config(KAFKA));
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(edgeA, edgeB, job);
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

    @Test
    void aBatchIsAcknowledgedMessageByMessageAtThePositionsSubscribersSee() throws Exception {
        // 3 subjects, 60 messages in one publishBatch, one item with a bad subject among them.
        try (RawClient subscriber = RawClient.connect(edgeB.port());
                RawClient publisher = RawClient.connect(edgeA.port())) {
            EdgeFrame.Welcome welcome = publisher.welcome();
            assertThat(welcome.limits().maxBatch()).isEqualTo(ClientFrame.MAX_BATCH);
            assertThat(welcome.limits().maxPendingPublishes()).isEqualTo(10_000);
            subscriber.send(
                    "{\"type\":\"subscribe\",\"id\":\"s\",\"subjects\":[{\"subject\":\"/demo/b0\"},"
                            + "{\"subject\":\"/demo/b1\"},{\"subject\":\"/demo/b2\"}]}");
            for (int i = 0; i < 3; i++) {
                subscriber.next(EdgeFrame.Subscribed.class);
            }
            int n = 60;
            List<ClientFrame.Publish> messages = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                messages.add(
                        new ClientFrame.Publish(
                                "b" + i, Subject.parse("/demo/b" + (i % 3)), "batch " + i));
            }
            String batch =
                    FrameCodec.withDefaults()
                            .encodeClientFrame(new ClientFrame.PublishBatch("batch-1", messages));
            String bad = ",{\"id\":\"bad\",\"subject\":\"/demo//x\",\"content\":\"x\"}]}";
            publisher.send(batch.substring(0, batch.length() - 2) + bad);

            Map<String, EdgeFrame.Published> acks = new HashMap<>();
            EdgeFrame.ErrorFrame refused = null;
            while (acks.size() < n || refused == null) {
                EdgeFrame f = publisher.next();
                if (f instanceof EdgeFrame.Published p) {
                    acks.put(p.id(), p);
                } else if (f instanceof EdgeFrame.ErrorFrame e) {
                    assertThat(refused).as("one error only: %s", e).isNull();
                    refused = e;
                }
            }
            assertThat(refused.id()).isEqualTo("bad");
            assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_SUBJECT);
            for (EdgeFrame.Message m : subscriber.messages(n)) {
                String id = "b" + m.content().substring("batch ".length());
                assertThat(acks.get(id).position()).as(id).isEqualTo(m.position());
                assertThat(acks.get(id).subject()).isEqualTo(m.subject());
            }
        }
    }

    @Test
    void aResumeTheCacheNoLongerCoversIsServedFromTheJobsTopicComplete() throws Exception {
        String subject = "/demo/e2e-deep";
        String subscribe =
                "{\"type\":\"subscribe\",\"id\":\"s\",\"subjects\":[{\"subject\":\""
                        + subject
                        + "\"";
        int n = 100;
        List<EdgeFrame.Message> seen;
        try (RawClient onA = RawClient.connect(edgeA.port());
                RawClient publisher = RawClient.connect(edgeA.port())) {
            onA.send(subscribe + "}]}");
            onA.next(EdgeFrame.Subscribed.class);
            for (int i = 0; i < n; i++) {
                publisher.send(RawClient.publishFrame("d" + i, subject, "deep " + i));
            }
            seen = onA.messages(n);
        }
        EdgeFrame.Message last = seen.get(49);
        // An edge whose cache holds 20 per subject: of the 50 after the client's position, 30 are
        // read from the partition the job's producer chose for the subject.
        try (Edge small = startReady(config(KAFKA, "--cache-max-messages", "20"));
                RawClient c = RawClient.connect(small.port());
                RawClient publisher = RawClient.connect(small.port())) {
            c.send(
                    subscribe
                            + ",\"from\":{\"epoch\":"
                            + last.position().epoch()
                            + ",\"seq\":"
                            + last.position().seq()
                            + "},\"fromTimestamp\":"
                            + last.timestamp()
                            + "}]}");
            assertThat(c.next(EdgeFrame.Subscribed.class).recovery()).isEqualTo(Recovery.COMPLETE);
            List<EdgeFrame.Message> replay = c.messages(n - 50);
            assertThat(replay)
                    .extracting(EdgeFrame.Message::position)
                    .containsExactlyElementsOf(
                            seen.subList(50, n).stream().map(EdgeFrame.Message::position).toList());
            assertThat(replay).allMatch(EdgeFrame.Message::replay);
            publisher.send(RawClient.publishFrame("live", subject, "after"));
            EdgeFrame.Message live = c.next(EdgeFrame.Message.class);
            assertThat(live.content()).isEqualTo("after");
            assertThat(live.replay()).isFalse();
            assertThat(small.metrics().deepRecoveriesCompleted()).isEqualTo(1);
        }
    }
}
