package io.herald.edge.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.edge.Edge;
import io.herald.testing.Closer;
import io.herald.testing.EmbeddedKafka;
import io.herald.testing.Poll;
import io.herald.wire.Position;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.Recovery;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Resumes the cache no longer covers, served from the sequenced topic of a real broker (deep
 * recovery): the whole gap in order then live, {@code complete}, whether the cache evicted the
 * position, let it expire, or never held it; {@code partial} when the position is gone to retention
 * or was never in the log; one read shared by many clients.
 */
class DeepRecoveryIT {
    static final String SEQUENCED = "messages.sequenced";
    static final String SHORT_LIVED = "messages.short-lived";

    @RegisterExtension
    static final EmbeddedKafka KAFKA =
            EmbeddedKafka.perClass()
                    .withTopic(SEQUENCED, 3)
                    .withTopic(SHORT_LIVED, 1)
                    .withTopic("demo", 3);

    private static SequencedWriter writer;

    @BeforeAll
    static void start() {
        writer = new SequencedWriter(KAFKA, SEQUENCED);
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(writer);
    }

    private static Edge edge(String... extra) {
        return EdgeProtocolIT.startReady(EdgeProtocolIT.config(KAFKA, extra));
    }

    private static void subscribe(RawClient c, String subject, String extra) {
        c.send(
                "{\"type\":\"subscribe\",\"id\":\"s\",\"subjects\":[{\"subject\":\""
                        + subject
                        + "\""
                        + extra
                        + "}]}");
    }

    private static String resume(Position p, long timestamp) {
        return ",\"from\":{\"epoch\":"
                + p.epoch()
                + ",\"seq\":"
                + p.seq()
                + "},\"fromTimestamp\":"
                + timestamp;
    }

    /** The {@code subscribed} answer to a resume of {@code subject} after {@code m}. */
    private static EdgeFrame.Subscribed resumeAfter(
            RawClient c, String subject, EdgeFrame.Message m) throws InterruptedException {
        subscribe(c, subject, resume(m.position(), m.timestamp()));
        return c.next(EdgeFrame.Subscribed.class);
    }

    /** The next {@code n} messages are seq {@code first..} of {@code epoch}, replayed or not. */
    private static void expectRange(RawClient c, long epoch, long first, int n, boolean replay)
            throws InterruptedException {
        List<EdgeFrame.Message> got = c.messages(n);
        for (int i = 0; i < n; i++) {
            assertThat(got.get(i).position()).isEqualTo(new Position(epoch, first + i));
            assertThat(got.get(i).replay())
                    .as("replay flag of seq %d", first + i)
                    .isEqualTo(replay);
        }
    }

    /** What a client that saw seq {@code 0..to} kept of seq {@code at}: its position, timestamp. */
    private static EdgeFrame.Message watch(Edge edge, String subject, long epoch, long to, long at)
            throws Exception {
        try (RawClient c = RawClient.connect(edge.port())) {
            subscribe(c, subject, "");
            c.next(EdgeFrame.Subscribed.class);
            writer.writeRange(subject, epoch, 0, to);
            List<EdgeFrame.Message> seen = c.messages((int) to + 1);
            assertThat(seen.get((int) at).position()).isEqualTo(new Position(epoch, at));
            return seen.get((int) at);
        }
    }

    @Test
    void resumes5000BackWithACacheOf1000ThenLiveComplete() throws Exception {
        try (Edge edge = edge("--cache-max-messages", "1000", "--outbound-buffer-bytes", "16MiB")) {
            String subject = "/demo/deep-5000";
            EdgeFrame.Message last = watch(edge, subject, 4, 5999, 999);
            try (RawClient c = RawClient.connect(edge.port())) {
                EdgeFrame.Subscribed s = resumeAfter(c, subject, last);
                assertThat(s.recovery()).isEqualTo(Recovery.COMPLETE);
                assertThat(s.reason()).isNull();
                assertThat(s.head()).isEqualTo(new Position(4, 5999));
                expectRange(c, 4, 1000, 5000, true);
                writer.writeRange(subject, 4, 6000, 6002);
                expectRange(c, 4, 6000, 3, false);
            }
            assertThat(edge.metrics().deepRecoveriesCompleted()).isEqualTo(1);
            assertThat(edge.metrics().deepReplayed()).isGreaterThanOrEqualTo(4000);
            assertThat(EdgeProbe.metric(edge, "herald_edge_deep_recoveries_complete_total"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aSlowReaderGetsTheWholeReplayWhileTheEdgeHoldsNoMoreThanItsOutboundLimit()
            throws Exception {
        int limit = 64 * 1024;
        int count = 5_000;
        String subject = "/demo/deep-slow";
        byte[] content = new byte[4096];
        Arrays.fill(content, (byte) 'x');
        try (Edge edge = edge("--cache-max-messages", "100", "--outbound-buffer-bytes", "64KiB")) {
            long before = System.currentTimeMillis();
            for (int s = 0; s < count; s++) {
                writer.write(subject, new Position(5, s), content);
            }
            writer.flush();
            Poll.until(
                    "the edge read the 20 MB",
                    Duration.ofSeconds(60),
                    () -> edge.metrics().recordsIn() >= count);
            try (RawClient c = RawClient.connect(edge.port())) {
                // Paused before the welcome arrives, the client would never read the subscribed.
                c.welcome();
                subscribe(c, subject, resume(new Position(5, 0), before));
                c.pauseReading();
                Poll.until(
                        "the replay filled the socket and waits in the edge",
                        Duration.ofSeconds(30),
                        () -> pendingBytes(edge) > 0);
                long maxPending = 0;
                assertThat(c.next(EdgeFrame.Subscribed.class).recovery())
                        .isEqualTo(Recovery.COMPLETE);
                List<EdgeFrame.Message> got = new ArrayList<>();
                while (got.size() < count - 1) {
                    maxPending = Math.max(maxPending, pendingBytes(edge));
                    c.resumeReading();
                    got.addAll(c.messages(Math.min(250, count - 1 - got.size())));
                    c.pauseReading();
                }
                for (int i = 0; i < got.size(); i++) {
                    assertThat(got.get(i).position()).isEqualTo(new Position(5, i + 1));
                    assertThat(got.get(i).replay()).isTrue();
                }
                c.resumeReading();
                writer.writeRange(subject, 5, count, count + 1);
                expectRange(c, 5, count, 2, false);
                // The edge's own accounting: a chunk of the replay at a time, under the limit.
                assertThat(maxPending).isLessThanOrEqualTo(limit);
                assertThat(edge.metrics().slowConsumerDisconnects()).isZero();
                assertThat(edge.metrics().deepRecoveriesCompleted()).isEqualTo(1);
            }
        }
    }

    @Test
    void resumesCompleteAfterTheCacheTtlPassed() throws Exception {
        try (Edge edge = edge("--cache-ttl", "2s")) {
            String subject = "/demo/deep-ttl";
            EdgeFrame.Message last = watch(edge, subject, 2, 99, 49);
            Poll.until(
                    "the cache expired", Duration.ofSeconds(20), () -> cachedMessages(edge) == 0);
            try (RawClient c = RawClient.connect(edge.port())) {
                assertThat(resumeAfter(c, subject, last).recovery()).isEqualTo(Recovery.COMPLETE);
                expectRange(c, 2, 50, 50, true);
                writer.writeRange(subject, 2, 100, 101);
                expectRange(c, 2, 100, 2, false);
            }
        }
    }

    @Test
    void resumesCompleteOnAnEdgeThatNeverCachedTheMessages() throws Exception {
        String subject = "/demo/deep-elsewhere";
        long tenMinutesAgo = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
        for (long s = 0; s < 300; s++) {
            writer.write(subject, new Position(6, s), bytes("m" + s), tenMinutesAgo + s);
        }
        writer.flush();
        // Its cache starts at now - TTL (3 minutes): it never reads those ten minutes back.
        try (Edge edge = edge();
                RawClient c = RawClient.connect(edge.port())) {
            subscribe(c, subject, resume(new Position(6, 99), tenMinutesAgo + 99));
            EdgeFrame.Subscribed s = c.next(EdgeFrame.Subscribed.class);
            assertThat(s.recovery()).isEqualTo(Recovery.COMPLETE);
            expectRange(c, 6, 100, 200, true);
            writer.writeRange(subject, 6, 300, 301);
            expectRange(c, 6, 300, 2, false);
        }
    }

    @Test
    void aPositionGoneToRetentionIsPartial() throws Exception {
        String subject = "/demo/deep-retention";
        SequencedWriter shortLived = new SequencedWriter(KAFKA, SHORT_LIVED);
        long before = System.currentTimeMillis();
        shortLived.writeRange(subject, 1, 0, 99);
        TopicPartition only = new TopicPartition(SHORT_LIVED, 0);
        long end =
                KAFKA.admin()
                        .listOffsets(
                                Map.of(only, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                        .partitionResult(only)
                        .get()
                        .offset();
        // What retention does to old segments: the log now starts after seq 99.
        KAFKA.admin().deleteRecords(Map.of(only, RecordsToDelete.beforeOffset(end))).all().get();
        shortLived.writeRange(subject, 1, 100, 199);
        try (Edge edge = edge("--sequenced-topic", SHORT_LIVED, "--cache-max-messages", "10");
                RawClient c = RawClient.connect(edge.port())) {
            subscribe(c, subject, resume(new Position(1, 50), before));
            EdgeFrame.Subscribed s = c.next(EdgeFrame.Subscribed.class);
            assertThat(s.recovery()).isEqualTo(Recovery.PARTIAL);
            assertThat(s.reason()).isEqualTo("retention");
            assertThat(partial(edge, "retention")).isEqualTo(1);
        } finally {
            shortLived.close();
        }
    }

    @Test
    void aMadeUpPositionIsPartial() throws Exception {
        try (Edge edge = edge("--cache-max-messages", "10")) {
            String subject = "/demo/deep-made-up";
            EdgeFrame.Message real = watch(edge, subject, 9, 99, 0);
            try (RawClient c = RawClient.connect(edge.port())) {
                // Epoch 8 never existed on the subject, although seq 0 of epoch 9 would follow it.
                subscribe(c, subject, resume(new Position(8, 3), real.timestamp()));
                EdgeFrame.Subscribed s = c.next(EdgeFrame.Subscribed.class);
                assertThat(s.recovery()).isEqualTo(Recovery.PARTIAL);
                assertThat(s.reason()).isEqualTo("not-in-log");
            }
            try (RawClient c = RawClient.connect(edge.port())) {
                subscribe(c, subject, resume(new Position(9, 40), real.timestamp() + 60_000));
                EdgeFrame.Subscribed s = c.next(EdgeFrame.Subscribed.class);
                assertThat(s.recovery())
                        .as("a timestamp after the position's: it is not where the client says")
                        .isEqualTo(Recovery.PARTIAL);
                assertThat(s.reason()).isEqualTo("not-in-log");
            }
            assertThat(partial(edge, "not-in-log")).isEqualTo(2);
            assertThat(edge.metrics().deepRecoveriesCompleted()).isZero();
        }
    }

    @Test
    void aGapLongerThanTheMessageLimitIsPartialWithReasonLimit() throws Exception {
        try (Edge edge =
                edge("--cache-max-messages", "10", "--deep-recovery-max-messages", "100")) {
            String subject = "/demo/deep-limit";
            EdgeFrame.Message last = watch(edge, subject, 7, 299, 49);
            try (RawClient c = RawClient.connect(edge.port())) {
                EdgeFrame.Subscribed s = resumeAfter(c, subject, last);
                assertThat(s.recovery()).isEqualTo(Recovery.PARTIAL);
                assertThat(s.reason()).isEqualTo("limit");
                // The fallback: the cache's own plan, its ten messages.
                expectRange(c, 7, 290, 10, true);
            }
            assertThat(partial(edge, "limit")).isEqualTo(1);
        }
    }

    @Test
    void aFreshSubscriptionHasNoReason() throws Exception {
        try (Edge edge = edge("--cache-max-messages", "10");
                RawClient c = RawClient.connect(edge.port())) {
            subscribe(c, "/demo/deep-no-reason", "");
            EdgeFrame.Subscribed s = c.next(EdgeFrame.Subscribed.class);
            assertThat(s.recovery()).isEqualTo(Recovery.NONE);
            assertThat(s.reason()).isNull();
        }
    }

    @Test
    void aThousandClientsResumingOneSubjectShareFewReadsAndSeeNoGapNorDuplicate() throws Exception {
        int clients = 1000;
        try (Edge edge = edge("--cache-max-messages", "50")) {
            String subject = "/demo/deep-crowd";
            EdgeFrame.Message last = watch(edge, subject, 3, 299, 99);
            HttpClient http = HttpClient.newHttpClient();
            List<RawClient> crowd = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    crowd.add(
                            RawClient.connect(
                                    URI.create("ws://127.0.0.1:" + edge.port() + "/ws"), http));
                }
                for (RawClient c : crowd) {
                    subscribe(c, subject, resume(last.position(), last.timestamp()));
                }
                for (RawClient c : crowd) {
                    assertThat(c.next(EdgeFrame.Subscribed.class).recovery())
                            .isEqualTo(Recovery.COMPLETE);
                    expectRange(c, 3, 100, 200, true);
                }
                writer.writeRange(subject, 3, 300, 300);
                for (RawClient c : crowd) {
                    expectRange(c, 3, 300, 1, false);
                }
            } finally {
                Closer.closeAll(crowd.toArray(new AutoCloseable[0]));
            }
            long reads = edge.metrics().deepReads();
            System.out.printf(
                    "deep recovery: %d clients resumed one subject with %d reads of Kafka%n",
                    clients, reads);
            assertThat(reads).isBetween(1L, (long) clients / 10);
            assertThat(edge.metrics().deepRecoveriesCompleted()).isEqualTo(clients);
        }
    }

    private static long partial(Edge edge, String reason) throws Exception {
        return EdgeProbe.labelled(
                edge, "herald_edge_deep_recoveries_partial_total", "reason", reason);
    }

    private static long cachedMessages(Edge edge) {
        return gauge(edge, "herald_edge_cache_messages");
    }

    private static long pendingBytes(Edge edge) {
        return gauge(edge, "herald_edge_outbound_pending_bytes");
    }

    private static long gauge(Edge edge, String name) {
        try {
            return EdgeProbe.metric(edge, name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
