package io.herald.edge.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.edge.Edge;
import io.herald.edge.EdgeConfig;
import io.herald.testing.Closer;
import io.herald.testing.EmbeddedKafka;
import io.herald.testing.Poll;
import io.herald.wire.Position;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.Recovery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two real edges on a real broker; the sequenced topic is written by the test exactly as the
 * sequencer would, so positions are under control. Real WebSocket clients.
 */
class EdgeProtocolIT {
    static final String SEQUENCED = "messages.sequenced";

    @RegisterExtension
    static final EmbeddedKafka KAFKA =
            EmbeddedKafka.perClass().withTopic(SEQUENCED, 3).withTopic("demo", 3);

    private static SequencedWriter writer;
    private static Edge edgeA;
    private static Edge edgeB;

    static EdgeConfig config(EmbeddedKafka kafka, String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of("--bootstrap-servers", kafka.bootstrapServers(), "--port", "0"));
        args.addAll(List.of(extra));
        return EdgeConfig.parse(args.toArray(new String[0]), Map.of());
    }

    static Edge startReady(EdgeConfig config) {
        Edge edge = Edge.start(config);
        Poll.until("edge ready", Duration.ofSeconds(30), edge::isReady);
        return edge;
    }

    @BeforeAll
    static void start() {
        writer = new SequencedWriter(KAFKA, SEQUENCED);
        edgeA = startReady(config(KAFKA));
        edgeB = startReady(config(KAFKA));
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(edgeA, edgeB, writer);
    }

    private static EdgeFrame.Subscribed subscribe(RawClient c, String subject, String extra)
            throws InterruptedException {
        c.send(
                "{\"type\":\"subscribe\",\"id\":\"s-"
                        + subject
                        + "\",\"subjects\":[{\"subject\":\""
                        + subject
                        + "\""
                        + extra
                        + "}]}");
        return c.next(EdgeFrame.Subscribed.class);
    }

    private static String from(Position p) {
        return ",\"from\":{\"epoch\":" + p.epoch() + ",\"seq\":" + p.seq() + "}";
    }

    @Test
    void aMessageReachesSubscribersOnBothEdgesAtTheSamePosition() throws Exception {
        try (RawClient a = RawClient.connect(edgeA.port());
                RawClient b = RawClient.connect(edgeB.port())) {
            assertThat(subscribe(a, "/demo/fan", "").recovery()).isEqualTo(Recovery.NONE);
            assertThat(subscribe(b, "/demo/fan", "").recovery()).isEqualTo(Recovery.NONE);
            writer.writeRange("/demo/fan", 5, 0, 9);
            List<EdgeFrame.Message> onA = a.messages(10);
            List<EdgeFrame.Message> onB = b.messages(10);
            assertThat(onA).isEqualTo(onB);
            for (int i = 0; i < 10; i++) {
                assertThat(onA.get(i).position()).isEqualTo(new Position(5, i));
                assertThat(onA.get(i).content()).isEqualTo("m" + i);
                assertThat(onA.get(i).replay()).isFalse();
            }
        }
    }

    @Test
    void resumesOnAnotherEdgeWithExactlyTheMissedMessagesThenLive() throws Exception {
        String subject = "/demo/resume";
        Position last;
        try (RawClient a = RawClient.connect(edgeA.port())) {
            subscribe(a, subject, "");
            writer.writeRange(subject, 7, 0, 9);
            last = a.messages(10).get(9).position();
        }
        writer.writeRange(subject, 7, 10, 509);
        Poll.until(
                "edge B has the 500",
                Duration.ofSeconds(20),
                () -> edgeB.metrics().recordsIn() > 0 && headOf(edgeB, subject) >= 509);
        try (RawClient b = RawClient.connect(edgeB.port())) {
            EdgeFrame.Subscribed sub = subscribe(b, subject, from(last));
            assertThat(sub.recovery()).isEqualTo(Recovery.COMPLETE);
            assertThat(sub.head()).isEqualTo(new Position(7, 509));
            List<EdgeFrame.Message> replay = b.messages(500);
            for (int i = 0; i < 500; i++) {
                assertThat(replay.get(i).position()).isEqualTo(new Position(7, 10 + i));
                assertThat(replay.get(i).replay()).isTrue();
            }
            writer.writeRange(subject, 7, 510, 512);
            List<EdgeFrame.Message> live = b.messages(3);
            assertThat(live)
                    .extracting(EdgeFrame.Message::position)
                    .containsExactly(
                            new Position(7, 510), new Position(7, 511), new Position(7, 512));
            assertThat(live).noneMatch(EdgeFrame.Message::replay);
        }
    }

    /** The head the edge reports for a subject, via a throw-away subscription (-1: none). */
    private static long headOf(Edge edge, String subject) {
        try (RawClient c = RawClient.connect(edge.port())) {
            EdgeFrame.Subscribed s = subscribe(c, subject, "");
            return s.head() == null ? -1 : s.head().seq();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPositionEvictedFromTheCacheGivesPartial() throws Exception {
        // Deep recovery off: the cache's own proof (DeepRecoveryIT covers the edge reading Kafka).
        try (Edge small =
                startReady(
                        config(
                                KAFKA,
                                "--cache-max-messages",
                                "10",
                                "--deep-recovery-consumers",
                                "0"))) {
            String subject = "/demo/evict";
            writer.writeRange(subject, 3, 0, 29);
            Poll.until("30 seen", Duration.ofSeconds(20), () -> headOf(small, subject) == 29);
            try (RawClient c = RawClient.connect(small.port())) {
                EdgeFrame.Subscribed evicted = subscribe(c, subject, from(new Position(3, 5)));
                assertThat(evicted.recovery()).isEqualTo(Recovery.PARTIAL);
                List<EdgeFrame.Message> rest = c.messages(10);
                assertThat(rest.get(0).position()).isEqualTo(new Position(3, 20));
            }
            try (RawClient c = RawClient.connect(small.port())) {
                EdgeFrame.Subscribed atAnchor = subscribe(c, subject, from(new Position(3, 19)));
                assertThat(atAnchor.recovery()).isEqualTo(Recovery.COMPLETE);
                assertThat(c.messages(10).get(9).position()).isEqualTo(new Position(3, 29));
            }
        }
    }

    @Test
    void historyReplaysTheLastNCachedMessagesFirst() throws Exception {
        String subject = "/demo/history";
        writer.writeRange(subject, 2, 0, 19);
        Poll.until("20 seen", Duration.ofSeconds(20), () -> headOf(edgeA, subject) == 19);
        try (RawClient c = RawClient.connect(edgeA.port())) {
            EdgeFrame.Subscribed s = subscribe(c, subject, ",\"history\":3");
            assertThat(s.recovery()).isEqualTo(Recovery.NONE);
            assertThat(s.head()).isEqualTo(new Position(2, 19));
            assertThat(c.messages(3))
                    .extracting(EdgeFrame.Message::position)
                    .containsExactly(new Position(2, 17), new Position(2, 18), new Position(2, 19));
        }
    }

    @Test
    void aSubjectTheEdgeNeverSawGivesPartialWithNoHead() throws Exception {
        try (RawClient c = RawClient.connect(edgeA.port())) {
            EdgeFrame.Subscribed s = subscribe(c, "/demo/never", from(new Position(1, 1)));
            assertThat(s.recovery()).isEqualTo(Recovery.PARTIAL);
            assertThat(s.head()).isNull();
        }
    }
}
