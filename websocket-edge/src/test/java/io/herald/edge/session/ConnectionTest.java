package io.herald.edge.session;

import static io.herald.edge.Messages.msg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.herald.edge.auth.Authenticator;
import io.herald.edge.auth.TokenRules;
import io.herald.edge.session.EmbeddedConnection.Closed;
import io.herald.edge.session.EmbeddedConnection.Ping;
import io.herald.wire.Position;
import io.herald.wire.SequencedHeaders;
import io.herald.wire.SequencedMessage;
import io.herald.wire.SourceRef;
import io.herald.wire.Subject;
import io.herald.wire.frame.ClientFrame;
import io.herald.wire.frame.ClientFrame.SubscriptionRequest;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.EdgeLimits;
import io.herald.wire.frame.ErrorCode;
import io.herald.wire.frame.Recovery;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One connection on an {@code EmbeddedChannel}: requests, limits, close codes, outbound bytes. */
class ConnectionTest {
    private static final Subject A = Subject.parse("/demo/a");
    private static final String SECRET = "connection-test-secret-of-32-bytes-or-more";

    private EmbeddedConnection edge = new EmbeddedConnection();

    @AfterEach
    void tearDown() {
        edge.close();
    }

    private void reconnect(ConnectionLimits limits, Authenticator authenticator) {
        edge.close();
        edge = new EmbeddedConnection(limits, authenticator);
    }

    private static ClientFrame.Subscribe subscribe(String id, SubscriptionRequest... requests) {
        return new ClientFrame.Subscribe(id, List.of(requests));
    }

    private static SequencedMessage onA(long seq, String content) {
        return msg("/demo/a", 1, seq, seq, 1_000_000_000L, content);
    }

    private static String sized(int bytes) {
        return "x".repeat(bytes);
    }

    @Test
    void answersAPingWithItsPong() {
        edge.send(new ClientFrame.Ping("p1"));
        assertThat(edge.written()).containsExactly(new EdgeFrame.Pong("p1"));
    }

    @Test
    void malformedJsonGetsBadRequestAndTheConnectionStaysOpen() {
        edge.send("{\"type\":\"subscribe\",");
        edge.send(new ClientFrame.Ping("p1"));
        List<Object> out = edge.written();
        assertThat(out).hasSize(2);
        assertThat(((EdgeFrame.ErrorFrame) out.get(0)).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(out.get(1)).isEqualTo(new EdgeFrame.Pong("p1"));
    }

    @Test
    void textThatIsNotUtf8ClosesWith1007AndIsNotDecoded() {
        // An overlong '/' (C0 AF) inside a publish: a lenient decoder would read a valid frame.
        byte[] publish =
                "{\"type\":\"publish\",\"id\":\"c1\",\"subject\":\"/demo/a\",\"content\":\"x?\"}"
                        .getBytes(StandardCharsets.UTF_8);
        int at = new String(publish, StandardCharsets.UTF_8).indexOf('?');
        byte[] overlong = new byte[publish.length + 1];
        System.arraycopy(publish, 0, overlong, 0, at);
        overlong[at] = (byte) 0xC0;
        overlong[at + 1] = (byte) 0xAF;
        System.arraycopy(publish, at + 1, overlong, at + 2, publish.length - at - 1);

        edge.connection.onText(Unpooled.wrappedBuffer(overlong));

        assertThat(edge.written()).containsExactly(new Closed(1007, "invalid UTF-8"));
        assertThat(edge.queued).as("nothing published").isEmpty();
    }

    @Test
    void aBinaryFrameGetsBadRequest() {
        edge.connection.onBinary();
        assertThat(edge.written(EdgeFrame.ErrorFrame.class))
                .singleElement()
                .extracting(EdgeFrame.ErrorFrame::code)
                .isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void aPublishIsWrittenToItsTopicAndAcknowledgedWithItsPosition() {
        edge.send(new ClientFrame.Publish("c1", A, "hello"));
        assertThat(edge.written()).isEmpty(); // the answer waits for the sequenced record
        ProducerRecord<byte[], byte[]> record = edge.queued.get(0);
        assertThat(record.topic()).isEqualTo("demo");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("a");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("hello");
        String messageId =
                SequencedHeaders.decodeString(
                        record.headers().lastHeader(SequencedHeaders.MESSAGE_ID).value());
        assertThat(messageId).as("the client's id, kept across connections").isEqualTo("c1");
        assertThat(record.headers().lastHeader(SequencedHeaders.PUBLISHER).value())
                .isEqualTo(SequencedHeaders.encodeString("anonymous"));

        edge.live(sequenced(messageId, new Position(1, 7)));
        assertThat(edge.written())
                .containsExactly(new EdgeFrame.Published("c1", A, new Position(1, 7)));

        // A retry of the same id is answered from memory, not written again.
        edge.send(new ClientFrame.Publish("c1", A, "hello"));
        assertThat(edge.written())
                .containsExactly(new EdgeFrame.Published("c1", A, new Position(1, 7)));
        assertThat(edge.queued).hasSize(1);
    }

    @Test
    void aResendIsAcknowledgedWithThePositionTheSequencerRepeatsForIt() {
        // The first copy was written through another connection (or edge) that dropped before
        // its ack, and sequenced at (1, 7) before the client resent it here.
        edge.live(sequenced("c1", new Position(1, 7)));
        edge.send(new ClientFrame.Publish("c1", A, "hello"));
        assertThat(edge.queued).as("written again: only the sequencer knows").hasSize(1);
        assertThat(edge.written()).isEmpty();

        // The sequencer drops the resend and repeats the original's record (same source).
        edge.live(sequenced("c1", new Position(1, 7)));

        assertThat(edge.written())
                .containsExactly(new EdgeFrame.Published("c1", A, new Position(1, 7)));
        assertThat(edge.publishRegistry.size()).isZero();
    }

    @Test
    void aRecordOfAnotherPublisherWithTheSameIdIsNotTheAck() {
        edge.send(new ClientFrame.Publish("c1", A, "hello"));
        edge.live(
                new SequencedMessage(
                        A,
                        new Position(1, 7),
                        "hello".getBytes(StandardCharsets.UTF_8),
                        1_000_000_000L,
                        new SourceRef("demo", 0, 0),
                        "c1",
                        "someone-else"));
        assertThat(edge.written()).isEmpty();
        assertThat(edge.publishRegistry.size()).isOne();
    }

    private static SequencedMessage sequenced(String messageId, Position at) {
        return new SequencedMessage(
                A,
                at,
                "hello".getBytes(StandardCharsets.UTF_8),
                1_000_000_000L,
                new SourceRef("demo", 0, 0),
                messageId,
                "anonymous");
    }

    @Test
    void theFirstFrameIsWelcomeWithTheLimitsTheClientKeepsWithin() {
        edge.connection.opened(null);
        assertThat(edge.written())
                .containsExactly(new EdgeFrame.Welcome(new EdgeLimits(2, 100, 64 * 1024, 500)));
    }

    @Test
    void aBatchWritesEachMessageAndAcknowledgesEachWithItsOwnPosition() {
        edge.send(
                new ClientFrame.PublishBatch(
                        "b1",
                        List.of(
                                new ClientFrame.Publish("c1", A, "hello"),
                                new ClientFrame.Publish("c2", A, "hello"))));
        assertThat(edge.queued).hasSize(2);
        assertThat(edge.written()).isEmpty();

        edge.live(
                sequenced(messageId(edge.queued.get(1)), new Position(1, 8)),
                sequenced(messageId(edge.queued.get(0)), new Position(1, 9)));
        assertThat(edge.written())
                .containsExactlyInAnyOrder(
                        new EdgeFrame.Published("c2", A, new Position(1, 8)),
                        new EdgeFrame.Published("c1", A, new Position(1, 9)));
    }

    @Test
    void aBadItemOfABatchIsRefusedAloneAndTheOthersGoOn() {
        edge.send(
                "{\"type\":\"publishBatch\",\"id\":\"b1\",\"messages\":["
                        + "{\"id\":\"c1\",\"subject\":\"/demo/a\",\"content\":\"x\"},"
                        + "{\"id\":\"c2\",\"subject\":\"/demo//a\",\"content\":\"x\"},"
                        + "{\"id\":\"c3\",\"subject\":\"/demo/a\",\"content\":5},"
                        + "{\"id\":\"c4\",\"subject\":\"/demo/a\",\"content\":\"y\"}]}");
        assertThat(edge.written(EdgeFrame.ErrorFrame.class))
                .extracting(EdgeFrame.ErrorFrame::id, EdgeFrame.ErrorFrame::code)
                .containsExactly(
                        tuple("c2", ErrorCode.INVALID_SUBJECT), tuple("c3", ErrorCode.BAD_REQUEST));
        assertThat(edge.queued)
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("x", "y");
    }

    @Test
    void eachMessageOfABatchCountsTowardThePendingBound() {
        // max-pending-publishes 2: the batch's third message is OVERLOADED, the first two go out.
        edge.send(
                new ClientFrame.PublishBatch(
                        "b1",
                        List.of(
                                new ClientFrame.Publish("c1", A, "x"),
                                new ClientFrame.Publish("c2", A, "x"),
                                new ClientFrame.Publish("c3", A, "x"))));
        assertThat(edge.queued).hasSize(2);
        assertThat(edge.written(EdgeFrame.ErrorFrame.class))
                .extracting(EdgeFrame.ErrorFrame::id, EdgeFrame.ErrorFrame::code)
                .containsExactly(tuple("c3", ErrorCode.OVERLOADED));
    }

    @Test
    void anEmptyOrOversizedBatchIsABadRequestNamingTheBatch() {
        edge.send("{\"type\":\"publishBatch\",\"id\":\"b1\",\"messages\":[]}");
        StringBuilder big =
                new StringBuilder("{\"type\":\"publishBatch\",\"id\":\"b2\",\"messages\":[");
        for (int i = 0; i <= ClientFrame.MAX_BATCH; i++) {
            big.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"c")
                    .append(i)
                    .append("\",\"subject\":\"/demo/a\",\"content\":\"\"}");
        }
        edge.send(big.append("]}").toString());
        assertThat(edge.written(EdgeFrame.ErrorFrame.class))
                .extracting(EdgeFrame.ErrorFrame::id, EdgeFrame.ErrorFrame::code)
                .containsExactly(
                        tuple("b1", ErrorCode.BAD_REQUEST), tuple("b2", ErrorCode.BAD_REQUEST));
        assertThat(edge.queued).isEmpty();
    }

    private static String messageId(ProducerRecord<byte[], byte[]> record) {
        return SequencedHeaders.decodeString(
                record.headers().lastHeader(SequencedHeaders.MESSAGE_ID).value());
    }

    @Test
    void aPublishNotSequencedInTimeGetsPublishTimeout() {
        edge.send(new ClientFrame.Publish("c1", A, "hello"));
        edge.advance(edge.limits().publishTimeout().minusMillis(1));
        assertThat(edge.written()).isEmpty();
        edge.advance(Duration.ofMillis(1));
        assertThat(edge.written(EdgeFrame.ErrorFrame.class))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.id()).isEqualTo("c1");
                            assertThat(e.code()).isEqualTo(ErrorCode.PUBLISH_TIMEOUT);
                        });
        assertThat(edge.publishRegistry.size()).isZero();
    }

    @Test
    void aPublishToATopicThatIsNotASourceIsForbidden() {
        edge.send(new ClientFrame.Publish("c1", Subject.parse("/messages.sequenced/a"), "x"));
        assertThat(edge.written(EdgeFrame.ErrorFrame.class))
                .singleElement()
                .extracting(EdgeFrame.ErrorFrame::code)
                .isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(edge.queued).isEmpty();
    }

    @Test
    void publishesToMoreNewSubjectsThanAMinuteAllowsAreRefusedWithTooManySubjects() {
        // 3 subjects a minute; 2 pending publishes: the third subject counts, then is OVERLOADED.
        for (int i = 0; i < 4; i++) {
            edge.send(new ClientFrame.Publish("c" + i, Subject.parse("/demo/n" + i), "x"));
        }
        assertThat(edge.written(EdgeFrame.ErrorFrame.class))
                .extracting(EdgeFrame.ErrorFrame::id, EdgeFrame.ErrorFrame::code)
                .containsExactly(
                        tuple("c2", ErrorCode.OVERLOADED),
                        tuple("c3", ErrorCode.TOO_MANY_SUBJECTS));
        assertThat(edge.queued).hasSize(2);

        edge.advance(Duration.ofMinutes(1));
        edge.send(new ClientFrame.Publish("c4", Subject.parse("/demo/n3"), "x"));
        assertThat(edge.written(EdgeFrame.ErrorFrame.class))
                .extracting(EdgeFrame.ErrorFrame::code)
                .doesNotContain(ErrorCode.TOO_MANY_SUBJECTS);
    }

    @Test
    void publishesBeyondThePendingLimitAreOverloadedAndARunOfThemClosesWith4029() {
        // max-pending-publishes 2: two go out, then OVERLOADED; more than 2 in a row close.
        for (int i = 0; i < 5; i++) {
            edge.send(new ClientFrame.Publish("c" + i, A, "x"));
        }
        List<Object> out = edge.written();
        assertThat(edge.queued).hasSize(2);
        assertThat(out)
                .filteredOn(EdgeFrame.ErrorFrame.class::isInstance)
                .extracting(f -> ((EdgeFrame.ErrorFrame) f).code())
                .containsExactly(ErrorCode.OVERLOADED, ErrorCode.OVERLOADED, ErrorCode.OVERLOADED);
        assertThat(out.get(out.size() - 1))
                .isEqualTo(new Closed(4029, "too many pending publishes"));
    }

    @Test
    void aFullPublishQueueAnswersOverloaded() {
        edge.queueFull(true);
        edge.send(new ClientFrame.Publish("c1", A, "x"));
        assertThat(edge.written(EdgeFrame.ErrorFrame.class))
                .singleElement()
                .extracting(EdgeFrame.ErrorFrame::code)
                .isEqualTo(ErrorCode.OVERLOADED);
        assertThat(edge.publishRegistry.size()).isZero();
    }

    @Test
    void withAuthOnARequestBeforeAuthenticatingIsRefusedWith4001() {
        reconnect(EmbeddedConnection.LIMITS, authenticator());
        edge.send(new ClientFrame.Ping("p1"));
        List<Object> out = edge.written();
        assertThat(out).hasSize(2);
        assertThat(((EdgeFrame.ErrorFrame) out.get(0)).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(out.get(1)).isEqualTo(new Closed(4001, "unauthenticated"));
    }

    @Test
    void aTokenThatExpiresClosesTheConnectionWith4001WhenItExpiresPastTheLeeway() {
        reconnect(EmbeddedConnection.LIMITS, authenticator());
        Instant exp = edge.clock.instant().plusSeconds(60);
        edge.send(new ClientFrame.Auth(token(exp)));
        edge.send(new ClientFrame.Ping("p1"));
        assertThat(edge.written()).containsExactly(new EdgeFrame.Pong("p1"));
        edge.advance(Duration.ofSeconds(64)); // exp plus the 5 s leeway, less a second
        assertThat(edge.written()).isEmpty();
        edge.advance(Duration.ofSeconds(1));
        List<Object> out = edge.written();
        assertThat(out).hasSize(2);
        assertThat(((EdgeFrame.ErrorFrame) out.get(0)).message()).isEqualTo("token expired");
        assertThat(out.get(1)).isEqualTo(new Closed(4001, "token expired"));
    }

    @Test
    void aConnectionNotAuthenticatedWithinTheAuthTimeoutIsClosedWith4001() {
        reconnect(EmbeddedConnection.LIMITS, authenticator());
        edge.advance(Duration.ofSeconds(9));
        assertThat(edge.written()).isEmpty();
        edge.advance(Duration.ofSeconds(1));
        List<Object> out = edge.written();
        assertThat(((EdgeFrame.ErrorFrame) out.get(0)).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(out.get(1)).isEqualTo(new Closed(4001, "auth timeout"));
    }

    @Test
    void anAuthenticatedConnectionOutlivesTheAuthTimeout() {
        reconnect(EmbeddedConnection.LIMITS, authenticator());
        edge.send(new ClientFrame.Auth(token(edge.clock.instant().plusSeconds(600))));
        edge.advance(Duration.ofSeconds(30));
        edge.send(new ClientFrame.Ping("p1"));
        assertThat(edge.written()).containsExactly(new EdgeFrame.Pong("p1"));
    }

    private Authenticator authenticator() {
        return Authenticator.create(SECRET, null, TokenRules.lenient(), edge.clock);
    }

    private static String token(Instant exp) {
        return JWT.create()
                .withSubject("alice")
                .withExpiresAt(exp)
                .withArrayClaim("subscribe", new String[] {"/demo/*"})
                .sign(Algorithm.HMAC256(SECRET));
    }

    @Test
    void aSilentPeerIsPingedThenClosedAtTheIdleTimeout() {
        // ping every 20 s of silence, close after 60 s
        edge.connection.onReaderIdle(true);
        edge.connection.onReaderIdle(false);
        assertThat(edge.written()).containsExactly(new Ping(), new Ping());
        edge.connection.onReaderIdle(false);
        assertThat(edge.written()).containsExactly(new Closed(1000, "idle timeout"));
    }

    @Test
    void aCloseFrameIsTheLastThingWrittenAndTheSocketFollowsAfterTheGrace() {
        edge.send(subscribe("s1", SubscriptionRequest.live(A)));
        edge.send(new ClientFrame.Publish("c1", A, "x"));
        edge.written();
        edge.connection.closeWith(1001, "edge shutting down");
        edge.connection.closeWith(1011, "again");
        edge.send(new ClientFrame.Ping("p1"));
        edge.live(onA(0, "late"));
        edge.advance(edge.limits().publishTimeout());
        assertThat(edge.written()).containsExactly(new Closed(1001, "edge shutting down"));
        assertThat(edge.channel.isActive()).isFalse();
        assertThat(edge.metrics.closesSent(1001)).isEqualTo(1);
        assertThat(edge.metrics.closesSent(1011)).isZero();
    }

    @Test
    void aClosedChannelReleasesItsSubscriptionsAndPendingPublishes() {
        edge.send(subscribe("s1", SubscriptionRequest.live(A)));
        edge.send(new ClientFrame.Publish("c1", A, "x"));
        assertThat(edge.publishRegistry.size()).isEqualTo(1);
        edge.connection.closed();
        assertThat(edge.publishRegistry.size()).isZero();
        edge.written();
        edge.live(onA(0, "after close"));
        assertThat(edge.written()).isEmpty();
    }

    @Test
    void aLiveMessageAfterAHoleClosesWith1011SoTheClientResumes() {
        edge.live(onA(0, "m0"));
        edge.send(subscribe("s1", SubscriptionRequest.resume(A, new Position(1, 0))));
        edge.live(onA(2, "m2")); // (1,1) never came
        List<Object> out = edge.written();
        assertThat(out.get(0)).isInstanceOf(EdgeFrame.Subscribed.class);
        assertThat(out.subList(1, out.size()))
                .containsExactly(new Closed(1011, "sequence gap: resume"));
        assertThat(edge.metrics.deliveryGapDisconnects()).isEqualTo(1);
    }

    @Test
    void aBatchThatFillsTheBufferOfADrainingSocketIsFlushedEarlyAndDeliveredWhole() {
        edge.send(subscribe("s1", SubscriptionRequest.live(A)));
        edge.written();
        SequencedMessage[] batch = new SequencedMessage[20];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = onA(i, sized(1000)); // 20 KB in one batch, 8 KB limit
        }
        edge.live(batch);
        List<EdgeFrame.Message> got = edge.written(EdgeFrame.Message.class);
        assertThat(got).extracting(m -> m.position().seq()).containsExactlyElementsOf(seqs(0, 19));
        assertThat(edge.metrics.slowConsumerDisconnects()).isZero();
    }

    @Test
    void whenTheSocketStopsDrainingLiveMessagesStopAndTheConnectionClosesWith4008() {
        edge.send(subscribe("s1", SubscriptionRequest.live(A)));
        edge.written();
        edge.stallSocket(true);
        SequencedMessage[] batch = new SequencedMessage[20];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = onA(i, sized(1000));
        }
        edge.live(batch);
        long pending = edge.connection.pendingBytes();
        // Outbound accounting: the limit plus the frame that crossed it, and the close frame.
        assertThat(pending).isGreaterThan(8 * 1024).isLessThan(8 * 1024 + 2 * 1100);
        edge.live(onA(20, "after"));
        assertThat(edge.connection.pendingBytes()).isEqualTo(pending);
        edge.stallSocket(false);
        List<Object> out = edge.written();
        assertThat(out.get(out.size() - 1)).isEqualTo(new Closed(4008, "slow consumer"));
        // What went out before the close is the start of the stream with no hole: about one
        // outbound limit of it (1 KB messages, 8 KB limit).
        List<Object> messages = out.subList(0, out.size() - 1);
        assertThat(messages)
                .extracting(m -> ((EdgeFrame.Message) m).position().seq())
                .containsExactlyElementsOf(seqs(0, messages.size() - 1));
        assertThat(messages).hasSizeBetween(6, 9);
        assertThat(edge.metrics.slowConsumerDisconnects()).isEqualTo(1);
        assertThat(edge.connection.pendingBytes()).isZero();
    }

    @Test
    void aReplayCountsAgainstTheOutboundLimitAndIsCutToWhatFits() {
        for (int i = 0; i < 40; i++) {
            edge.live(onA(i, sized(1000))); // 40 KB cached: five times the outbound limit
        }
        edge.stallSocket(true);
        edge.send(subscribe("s1", SubscriptionRequest.resume(A, new Position(1, 0))));
        assertThat(edge.connection.pendingBytes())
                .isLessThanOrEqualTo(edge.limits().outboundBufferBytes());
        edge.live(onA(40, "live"));
        edge.stallSocket(false);
        List<Object> out = edge.written();
        assertThat(((EdgeFrame.Subscribed) out.get(0)).recovery()).isEqualTo(Recovery.PARTIAL);
        List<EdgeFrame.Message> messages =
                out.stream()
                        .filter(EdgeFrame.Message.class::isInstance)
                        .map(EdgeFrame.Message.class::cast)
                        .toList();
        long first = messages.get(0).position().seq();
        assertThat(first).isGreaterThan(30);
        assertThat(messages)
                .extracting(m -> m.position().seq())
                .containsExactlyElementsOf(seqs(first, 40));
        assertThat(messages.get(messages.size() - 1).replay()).isFalse();
        assertThat(out).noneMatch(Closed.class::isInstance);
    }

    private static List<Long> seqs(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }
}
