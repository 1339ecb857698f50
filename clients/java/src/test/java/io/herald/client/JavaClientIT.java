package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.herald.edge.Edge;
import io.herald.edge.EdgeConfig;
import io.herald.job.RunningJob;
import io.herald.job.TestSequencer;
import io.herald.testing.Closer;
import io.herald.testing.EmbeddedKafka;
import io.herald.testing.Poll;
import io.herald.wire.Position;
import io.herald.wire.Subject;
import io.herald.wire.frame.ClientFrame.SubscriptionRequest;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.ErrorCode;
import io.herald.wire.frame.Recovery;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java client against real edges: a KRaft broker, the sequencer job on a MiniCluster
 * (low-latency mode) and edges in this JVM, real JDK WebSockets in between.
 */
class JavaClientIT {

    private static final String SOURCE = "chat";
    private static final String SEQUENCED = "client-it.sequenced";
    private static final String DEAD_LETTER = "client-it.dead-letter";
    private static final String SECRET = "client-it-secret-of-at-least-32-bytes!";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @RegisterExtension static final MiniClusterExtension FLINK = TestSequencer.miniCluster(1);
    @RegisterExtension static final EmbeddedKafka KAFKA = EmbeddedKafka.perClass();
    @TempDir static Path checkpoints;

    private static RunningJob job;

    private final List<Edge> edges = new ArrayList<>();
    private final List<HeraldClient> clients = new ArrayList<>();

    @BeforeAll
    static void startJob(@InjectClusterClient ClusterClient<?> flink) throws Exception {
        job =
                TestSequencer.on(KAFKA, "client-it", checkpoints)
                        .flag("--source-topics", SOURCE)
                        .flag("--delivery", "low-latency")
                        .flag("--checkpoint-interval", "500ms")
                        .createTopics(3)
                        .start(flink);
    }

    @AfterAll
    static void stopJob() throws Exception {
        Closer.closeAll(job);
    }

    @AfterEach
    void closeClientsAndEdges() {
        clients.forEach(HeraldClient::close);
        edges.forEach(Edge::close);
    }

    @Test
    void resumesOnTheOtherEdgeWithoutGapOrDuplicateWhenItsEdgeShutsDown() throws Exception {
        Edge first = startEdge();
        Edge second = startEdge();
        Subject subject = Subject.parse("/chat/failover");
        Recorder heard = new Recorder();
        HeraldClient subscriber = client(heard, null, first, second);
        subscriber.subscribe(subject).get(30, TimeUnit.SECONDS);
        Edge doomed = heard.firstConnectedEdge(DEADLINE).equals(uri(first)) ? first : second;
        Edge survivor = doomed == first ? second : first;
        HeraldClient publisher = client(new Recorder(), null, survivor);

        int total = 400;
        List<Position> acked = publishClosing(publisher, subject, total, 20, total / 2, doomed);
        assertEachOnceInOrderAt(heard, subject, total, acked);
        assertThat(heard.gaps).isEmpty();
        assertThat(heard.connectedEdges()).containsExactly(uri(doomed), uri(survivor));
        assertThat(heard.subscribed)
                .extracting(Recorder.Subscribed::recovery)
                .containsExactly(Recovery.NONE, Recovery.COMPLETE);
        assertThat(subscriber.stats().gaps()).isZero();
        assertThat(subscriber.positions()).containsEntry(subject, acked.get(total - 1));
    }

    @Test
    void publishesInFlightWhenTheirEdgeGoesAwayAreResentAndSequencedExactlyOnce() throws Exception {
        Edge first = startEdge();
        Edge second = startEdge();
        Subject subject = Subject.parse("/chat/exactly-once");
        Recorder heard = new Recorder();
        HeraldClient subscriber = client(heard, null, first, second);
        subscriber.subscribe(subject).get(30, TimeUnit.SECONDS);
        Recorder publishing = new Recorder();
        HeraldClient publisher = client(publishing, null, first, second);
        Edge doomed = publishing.firstConnectedEdge(DEADLINE).equals(uri(first)) ? first : second;

        int total = 600;
        List<Position> acked = publishClosing(publisher, subject, total, 90, total / 3, doomed);
        assertEachOnceInOrderAt(heard, subject, total, acked);

        List<ConsumerRecord<byte[], byte[]>> written = readToEnd(SOURCE, "exactly-once");
        List<ConsumerRecord<byte[], byte[]>> sequenced = readToEnd(SEQUENCED, subject.toString());
        long resends = written.size() - total;
        long sources =
                sequenced.stream()
                        .map(r -> new String(r.headers().lastHeader("source").value()))
                        .distinct()
                        .count();
        System.out.printf(
                "exactly-once publishing: %d publishes, %d source records (%d written twice),"
                        + " %d sequenced records (%d repeats answering a resend)%n",
                total, written.size(), resends, sequenced.size(), sequenced.size() - sources);
        assertThat(resends)
                .as("publishes written twice: in flight when their edge went away")
                .isPositive();
        assertThat(sources).as("sequenced once each").isEqualTo(total);

        assertThat(publishing.connectedEdges()).hasSize(2);
    }

    /**
     * Publishes "m-0" … "m-(total-1)" on {@code subject}, at most {@code inFlight} awaiting their
     * ack, and closes {@code doomed} (in the background) after message {@code closeAt}; returns the
     * acknowledged positions in publish order.
     */
    private static List<Position> publishClosing(
            HeraldClient publisher,
            Subject subject,
            int total,
            int inFlight,
            int closeAt,
            Edge doomed)
            throws Exception {
        List<CompletableFuture<Position>> acks = new ArrayList<>();
        CompletableFuture<Void> shutdown = null;
        for (int i = 0; i < total; i++) {
            acks.add(publisher.publish(subject, "m-" + i));
            if (i >= inFlight) {
                acks.get(i - inFlight).get(30, TimeUnit.SECONDS);
            }
            if (i == closeAt) {
                shutdown = CompletableFuture.runAsync(doomed::close);
            }
        }
        shutdown.get(30, TimeUnit.SECONDS);
        List<Position> acked = new ArrayList<>();
        for (CompletableFuture<Position> ack : acks) {
            acked.add(ack.get(30, TimeUnit.SECONDS));
        }
        return acked;
    }

    /** The subscriber got "m-0" … once each, in order, consecutive, at the acked positions. */
    private static void assertEachOnceInOrderAt(
            Recorder heard, Subject subject, int total, List<Position> acked) {
        Poll.until(
                total + " messages on the subscriber",
                DEADLINE,
                () -> heard.messages(subject).size() >= total,
                () -> "got " + heard.messages(subject).size());
        List<EdgeFrame.Message> got = heard.messages(subject);
        assertThat(got)
                .extracting(EdgeFrame.Message::content)
                .containsExactlyElementsOf(
                        IntStream.range(0, total).mapToObj(i -> "m-" + i).toList());
        assertThat(got).extracting(EdgeFrame.Message::position).containsExactlyElementsOf(acked);
        for (int i = 1; i < got.size(); i++) {
            assertThat(got.get(i - 1).position().isFollowedBy(got.get(i).position()))
                    .as("message %d follows message %d", i, i - 1)
                    .isTrue();
        }
    }

    /** The records of {@code key} on {@code topic}, read up to its end offsets. */
    private static List<ConsumerRecord<byte[], byte[]>> readToEnd(String topic, String key) {
        try (KafkaConsumer<byte[], byte[]> consumer = KAFKA.readCommittedConsumer()) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            Poll.until(
                    "read " + topic + " to its end",
                    DEADLINE,
                    () -> {
                        for (ConsumerRecord<byte[], byte[]> r :
                                consumer.poll(Duration.ofMillis(100))) {
                            if (r.key() != null
                                    && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                                records.add(r);
                            }
                        }
                        return partitions.stream()
                                .allMatch(p -> consumer.position(p) >= end.get(p));
                    });
            return records;
        }
    }

    @Test
    void aCrowdOfClientsFailsOverTogetherWithoutLoss() throws Exception {
        Edge first = startEdge();
        Edge second = startEdge();
        int crowd = 200;
        int subjects = 10;
        int perSubject = 30;
        List<Recorder> heard = new ArrayList<>();
        List<HeraldClient> members = new ArrayList<>();
        List<CompletableFuture<EdgeFrame.Subscribed>> subscribed = new ArrayList<>();
        for (int i = 0; i < crowd; i++) {
            Recorder r = new Recorder();
            HeraldClient c = client(r, null, first, second);
            heard.add(r);
            members.add(c);
            subscribed.add(c.subscribe(Subject.parse("/chat/crowd-" + (i % subjects))));
        }
        CompletableFuture.allOf(subscribed.toArray(CompletableFuture[]::new))
                .get(60, TimeUnit.SECONDS);
        HeraldClient publisher = client(new Recorder(), null, second);
        int onFirst =
                (int)
                        heard.stream()
                                .filter(r -> r.firstConnectedEdge(DEADLINE).equals(uri(first)))
                                .count();

        long closedAt = 0;
        List<CompletableFuture<Position>> acks = new ArrayList<>();
        for (int n = 0; n < perSubject; n++) {
            for (int s = 0; s < subjects; s++) {
                acks.add(publisher.publish(Subject.parse("/chat/crowd-" + s), "n-" + n));
            }
            acks.get(acks.size() - 1).get(30, TimeUnit.SECONDS);
            if (n == perSubject / 3) {
                closedAt = System.nanoTime();
                first.close();
            }
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        Poll.until(
                "every member has every message of its subject",
                DEADLINE,
                () -> heard.stream().allMatch(r -> r.messages.size() >= perSubject),
                () ->
                        "behind: "
                                + heard.stream()
                                        .filter(r -> r.messages.size() < perSubject)
                                        .count());
        Poll.until(
                "every member connected",
                DEADLINE,
                () -> members.stream().allMatch(c -> c.state() == ConnectionState.CONNECTED));
        long lastReconnect = 0;
        for (HeraldClient c : members) {
            assertThat(c.stats().gaps()).isZero();
        }
        List<String> expected = IntStream.range(0, perSubject).mapToObj(n -> "n-" + n).toList();
        for (Recorder r : heard) {
            assertThat(r.messages).extracting(EdgeFrame.Message::content).isEqualTo(expected);
            assertThat(r.gaps).isEmpty();
            assertThat(r.connectedEdges().get(r.connectedEdges().size() - 1))
                    .isEqualTo(uri(second));
            lastReconnect = Math.max(lastReconnect, r.lastConnectedNanos);
        }
        assertThat(onFirst).as("members that started on the closed edge").isPositive();
        System.out.printf(
                "figure: %d of %d clients moved off a closing edge; last one reconnected %.0f ms"
                        + " after close() began; all %d messages each, no gap, no duplicate%n",
                onFirst, crowd, (lastReconnect - closedAt) / 1e6, perSubject);
    }

    @Test
    void publishCompletesWithThePositionItWasCommittedAt() throws Exception {
        Edge edge = startEdge();
        Subject subject = Subject.parse("/chat/acks");
        Recorder heard = new Recorder();
        HeraldClient client = client(heard, null, edge);
        client.subscribe(subject).get(30, TimeUnit.SECONDS);

        Map<String, Position> acked = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            acked.put("a-" + i, client.publish(subject, "a-" + i).get(30, TimeUnit.SECONDS));
        }
        Poll.until("20 messages", DEADLINE, () -> heard.messages(subject).size() >= 20);
        for (EdgeFrame.Message m : heard.messages(subject)) {
            assertThat(m.position()).as(m.content()).isEqualTo(acked.get(m.content()));
        }

        Recorder late = new Recorder();
        HeraldClient resumer = client(late, null, edge);
        Position fifth = acked.get("a-4");
        EdgeFrame.Subscribed resumed =
                resumer.subscribe(SubscriptionRequest.resume(subject, fifth))
                        .get(30, TimeUnit.SECONDS);
        assertThat(resumed.recovery()).isEqualTo(Recovery.COMPLETE);
        Poll.until("15 replayed messages", DEADLINE, () -> late.messages(subject).size() >= 15);
        assertThat(late.messages(subject))
                .extracting(EdgeFrame.Message::content)
                .containsExactlyElementsOf(IntStream.range(5, 20).mapToObj(i -> "a-" + i).toList());
        assertThat(late.messages(subject)).allMatch(EdgeFrame.Message::replay);
    }

    @Test
    void resumesAThousandMissedMessagesFromTheEdgeCache() throws Exception {
        Edge edge = startEdge();
        Subject subject = Subject.parse("/chat/catch-up");
        HeraldClient publisher = client(new Recorder(), null, edge);
        Position seen = publisher.publish(subject, "seen").get(30, TimeUnit.SECONDS);
        int missed = 1000;
        List<CompletableFuture<Position>> acks = new ArrayList<>();
        for (int i = 0; i < missed; i++) {
            acks.add(publisher.publish(subject, "c-" + i));
            if (i % 50 == 49) {
                acks.get(i).get(30, TimeUnit.SECONDS);
            }
        }
        Position last = acks.get(missed - 1).get(30, TimeUnit.SECONDS);

        for (String round : List.of("first (cold)", "second (warm)")) {
            Recorder late = new Recorder();
            HeraldClient resumer = client(late, null, edge);
            Poll.until("connected", DEADLINE, () -> resumer.state() == ConnectionState.CONNECTED);
            long start = System.nanoTime();
            EdgeFrame.Subscribed resumed =
                    resumer.subscribe(SubscriptionRequest.resume(subject, seen))
                            .get(30, TimeUnit.SECONDS);
            Poll.until(
                    missed + " messages", DEADLINE, () -> late.messages(subject).size() >= missed);
            double millis = (late.lastMessageNanos - start) / 1e6;
            System.out.printf(
                    "figure: %s resume of %d missed messages from the edge cache, subscribe to"
                            + " last message, loopback: %.1f ms%n",
                    round, missed, millis);

            assertThat(resumed.recovery()).isEqualTo(Recovery.COMPLETE);
            assertThat(late.messages(subject))
                    .extracting(EdgeFrame.Message::content)
                    .containsExactlyElementsOf(
                            IntStream.range(0, missed).mapToObj(i -> "c-" + i).toList());
            assertThat(resumer.positions()).containsEntry(subject, last);
            assertThat(late.gaps).isEmpty();
        }
    }

    @Test
    void aPositionEvictedFromTheCacheResumesPartialAndHistoryReplaysTheLastN() throws Exception {
        // Deep recovery off: this is the cache's own verdict (with it, the edge reads Kafka).
        Edge edge = startEdge("--cache-max-messages", "5", "--deep-recovery-consumers", "0");
        Subject subject = Subject.parse("/chat/evicted");
        HeraldClient publisher = client(new Recorder(), null, edge);
        List<Position> acked = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            acked.add(publisher.publish(subject, "e-" + i).get(30, TimeUnit.SECONDS));
        }

        Recorder resumed = new Recorder();
        EdgeFrame.Subscribed evicted =
                client(resumed, null, edge)
                        .subscribe(SubscriptionRequest.resume(subject, acked.get(2)))
                        .get(30, TimeUnit.SECONDS);
        assertThat(evicted.recovery()).isEqualTo(Recovery.PARTIAL);
        assertThat(evicted.head()).isEqualTo(acked.get(11));
        Poll.until("the 5 cached messages", DEADLINE, () -> resumed.messages(subject).size() >= 5);
        assertThat(resumed.messages(subject))
                .extracting(EdgeFrame.Message::content)
                .containsExactly("e-7", "e-8", "e-9", "e-10", "e-11");

        Recorder history = new Recorder();
        HeraldClient reader = client(history, null, edge);
        reader.subscribe(SubscriptionRequest.history(subject, 3)).get(30, TimeUnit.SECONDS);
        Poll.until("3 history messages", DEADLINE, () -> history.messages(subject).size() >= 3);
        Position live = publisher.publish(subject, "e-12").get(30, TimeUnit.SECONDS);
        Poll.until("history then live", DEADLINE, () -> history.messages(subject).size() >= 4);
        assertThat(history.messages(subject))
                .extracting(EdgeFrame.Message::content)
                .containsExactly("e-9", "e-10", "e-11", "e-12");
        assertThat(history.messages(subject).get(3).position()).isEqualTo(live);
        assertThat(history.messages(subject).get(3).replay()).isFalse();
    }

    @Test
    void aRejectedTokenStopsTheClientInsteadOfRetrying() throws Exception {
        Edge edge = startEdge("--auth-hs256-secret", SECRET);
        Recorder refused = new Recorder();
        HeraldClient impostor =
                client(refused, token("wrong-secret-of-at-least-32-bytes-long!!", "/chat/*"), edge);
        // The state is the loop's; the error reaches the listener on the callback thread after it.
        Poll.until(
                "AUTH_FAILED, and its error heard",
                DEADLINE,
                () -> impostor.state() == ConnectionState.AUTH_FAILED && !refused.errors.isEmpty(),
                () -> "state " + impostor.state() + " errors " + refused.errors);
        assertThat(refused.errors)
                .anySatisfy(
                        e ->
                                assertThat(e)
                                        .isInstanceOfSatisfying(
                                                HeraldErrorException.class,
                                                h ->
                                                        assertThat(h.code())
                                                                .isEqualTo(
                                                                        ErrorCode
                                                                                .UNAUTHENTICATED)));

        Subject allowed = Subject.parse("/chat/auth");
        Recorder heard = new Recorder();
        HeraldClient member = client(heard, token(SECRET, "/chat/*"), edge);
        member.subscribe(allowed).get(30, TimeUnit.SECONDS);
        assertThat(member.publish(allowed, "hello").get(30, TimeUnit.SECONDS)).isNotNull();
        Poll.until("the message", DEADLINE, () -> heard.messages(allowed).size() == 1);
        ExecutionException forbidden =
                org.assertj.core.api.Assertions.catchThrowableOfType(
                        ExecutionException.class,
                        () ->
                                member.subscribe(Subject.parse("/other/x"))
                                        .get(30, TimeUnit.SECONDS));
        assertThat(((HeraldErrorException) forbidden.getCause()).code())
                .isEqualTo(ErrorCode.FORBIDDEN);

        assertThat(impostor.stats().connectAttempts())
                .as("no retry after 4001, while the member did a full round trip")
                .isEqualTo(1);
        assertThat(impostor.state()).isEqualTo(ConnectionState.AUTH_FAILED);
    }

    @Test
    void anEdgeAtItsConnectionLimitSendsTheClientToTheNextOne() throws Exception {
        Edge full = startEdge("--max-connections", "1");
        Edge next = startEdge();
        java.net.http.WebSocket holder =
                java.net.http.HttpClient.newHttpClient()
                        .newWebSocketBuilder()
                        .buildAsync(uri(full), new java.net.http.WebSocket.Listener() {})
                        .get(10, TimeUnit.SECONDS);
        try {
            HeraldClientConfig config =
                    HeraldClientConfig.builder(List.of(uri(full), uri(next)))
                            .backoff(Duration.ofMillis(50), Duration.ofSeconds(1), 2.0, 0.5)
                            .build();
            // A generator of zeros: the rotation starts at the full edge.
            HeraldClient client =
                    new HeraldClient(
                            config,
                            new Recorder(),
                            new JdkWebSocketTransport(config.maxInboundFrameBytes()),
                            new LoopScheduler(),
                            EventDispatcher.ownThread(config.maxQueuedEvents()),
                            () -> 0L);
            clients.add(client);
            client.start();
            Poll.until("connected", DEADLINE, () -> client.state() == ConnectionState.CONNECTED);
            assertThat(client.stats().connectAttempts())
                    .as("refused by the full edge (503), then connected to the next")
                    .isEqualTo(2);
            client.subscribe(SubscriptionRequest.live(Subject.parse("/chat/full")))
                    .get(30, TimeUnit.SECONDS);
        } finally {
            holder.abort();
        }
    }

    private Edge startEdge(String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers", KAFKA.bootstrapServers(),
                                "--port", "0",
                                "--sequenced-topic", SEQUENCED,
                                "--dead-letter-topic", DEAD_LETTER,
                                "--source-topics", SOURCE));
        args.addAll(List.of(extra));
        Edge edge = Edge.start(EdgeConfig.parse(args.toArray(String[]::new), Map.of()));
        edges.add(edge);
        Poll.until("edge cache warm", DEADLINE, edge::isReady);
        return edge;
    }

    private HeraldClient client(Recorder recorder, String token, Edge... to) {
        HeraldClientConfig.Builder config =
                HeraldClientConfig.builder(
                                java.util.Arrays.stream(to).map(JavaClientIT::uri).toList())
                        .backoff(Duration.ofMillis(50), Duration.ofSeconds(1), 2.0, 0.5)
                        .publishTimeout(Duration.ofSeconds(30));
        if (token != null) {
            config.token(token);
        }
        HeraldClient client = HeraldClient.create(config.build(), recorder);
        clients.add(client);
        client.start();
        return client;
    }

    private static URI uri(Edge edge) {
        return URI.create("ws://127.0.0.1:" + edge.port() + "/ws");
    }

    private static String token(String secret, String pattern) {
        return JWT.create()
                .withSubject("client-it")
                .withExpiresAt(Instant.now().plusSeconds(600))
                .withArrayClaim("subscribe", new String[] {pattern})
                .withArrayClaim("publish", new String[] {pattern})
                .sign(Algorithm.HMAC256(secret));
    }
}
