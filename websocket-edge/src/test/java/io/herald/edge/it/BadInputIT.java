package io.herald.edge.it;

import static io.herald.edge.it.EdgeProtocolIT.config;
import static io.herald.edge.it.EdgeProtocolIT.startReady;
import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.herald.edge.Edge;
import io.herald.testing.Closer;
import io.herald.testing.EmbeddedKafka;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and malformed input: every frame gets the error code or close code PROTOCOL.md specifies,
 * and the edge keeps serving a bystander connection throughout.
 */
class BadInputIT {
    private static final String SECRET = "bad-input-it-secret-of-at-least-32-bytes";

    @RegisterExtension
    static final EmbeddedKafka KAFKA =
            EmbeddedKafka.perClass()
                    .withTopic("messages.sequenced", 1)
                    .withTopic("demo", 1)
                    .withTopic("other", 1);

    private static Edge edge;
    private static Edge authEdge;
    private static RawClient bystander;
    private static int probe;

    @BeforeAll
    static void start() throws Exception {
        edge =
                startReady(
                        config(
                                KAFKA,
                                "--max-subjects",
                                "5",
                                "--max-pending-publishes",
                                "2",
                                "--publish-timeout",
                                "1s",
                                "--max-requests-per-second",
                                "50",
                                "--max-publish-subjects-per-minute",
                                "3"));
        authEdge = startReady(config(KAFKA, "--auth-hs256-secret", SECRET));
        bystander = RawClient.connect(edge.port());
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(bystander, edge, authEdge);
    }

    @AfterEach
    void edgeStillServesOthers() throws InterruptedException {
        bystander.assertAlive("probe-" + probe++);
    }

    static Stream<Arguments> badFrames() {
        String big = "9".repeat(40);
        return Stream.of(
                Arguments.of("not json", ErrorCode.BAD_REQUEST),
                Arguments.of("[]", ErrorCode.BAD_REQUEST),
                Arguments.of("\"a string\"", ErrorCode.BAD_REQUEST),
                Arguments.of("null", ErrorCode.BAD_REQUEST),
                Arguments.of("{}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"type\":5}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"type\":\"nope\",\"id\":\"x\"}", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("{\"type\":\"ping\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"type\":\"ping\",\"id\":\"\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"type\":\"ping\",\"id\":7}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"type\":\"ping\",\"id\":\"a\"} trailing", ErrorCode.BAD_REQUEST),
                Arguments.of(
                        "{\"type\":\"ping\",\"id\":\"a\",\"id\":\"b\"}", ErrorCode.BAD_REQUEST),
                Arguments.of("{\"type\":\"subscribe\",\"id\":\"s\"}", ErrorCode.BAD_REQUEST),
                Arguments.of(
                        "{\"type\":\"subscribe\",\"id\":\"s\",\"subjects\":\"/a/b\"}",
                        ErrorCode.BAD_REQUEST),
                Arguments.of(
                        "{\"type\":\"subscribe\",\"id\":\"s\",\"subjects\":[]}",
                        ErrorCode.BAD_REQUEST),
                Arguments.of(
                        "{\"type\":\"subscribe\",\"id\":\"s\",\"subjects\":[{}]}",
                        ErrorCode.BAD_REQUEST),
                Arguments.of(sub("{\"subject\":\"chat\"}"), ErrorCode.INVALID_SUBJECT),
                Arguments.of(sub("{\"subject\":\"/a//b\"}"), ErrorCode.INVALID_SUBJECT),
                Arguments.of(sub("{\"subject\":\"/a/\"}"), ErrorCode.INVALID_SUBJECT),
                Arguments.of(sub("{\"subject\":\"/é/x\"}"), ErrorCode.INVALID_SUBJECT),
                Arguments.of(sub("{\"subject\":\"/a/b\\u0001\"}"), ErrorCode.INVALID_SUBJECT),
                Arguments.of(
                        sub("{\"subject\":\"/a/b\",\"from\":{\"epoch\":\"1\",\"seq\":0}}"),
                        ErrorCode.BAD_REQUEST),
                Arguments.of(
                        sub("{\"subject\":\"/a/b\",\"from\":{\"epoch\":1,\"seq\":-1}}"),
                        ErrorCode.BAD_REQUEST),
                Arguments.of(
                        sub(
                                "{\"subject\":\"/a/b\",\"from\":{\"epoch\":9007199254740992,"
                                        + "\"seq\":0}}"),
                        ErrorCode.BAD_REQUEST),
                Arguments.of(
                        sub("{\"subject\":\"/a/b\",\"from\":{\"epoch\":1.5,\"seq\":0}}"),
                        ErrorCode.BAD_REQUEST),
                Arguments.of(
                        sub("{\"subject\":\"/a/b\",\"from\":{\"epoch\":" + big + ",\"seq\":0}}"),
                        ErrorCode.BAD_REQUEST),
                Arguments.of(sub("{\"subject\":\"/a/b\",\"history\":-1}"), ErrorCode.BAD_REQUEST),
                Arguments.of(
                        sub("{\"subject\":\"/a/b\",\"history\":\"3\"}"), ErrorCode.BAD_REQUEST),
                Arguments.of(
                        sub("{\"subject\":\"/a/b\"},{\"subject\":\"/a/b\"}"),
                        ErrorCode.BAD_REQUEST),
                Arguments.of(
                        sub(
                                "{\"subject\":\"/a/1\"},{\"subject\":\"/a/2\"},{\"subject\":\"/a/3\"},"
                                        + "{\"subject\":\"/a/4\"},{\"subject\":\"/a/5\"},{\"subject\":\"/a/6\"}"),
                        ErrorCode.TOO_MANY_SUBJECTS),
                Arguments.of(
                        "{\"type\":\"unsubscribe\",\"id\":\"u\",\"subjects\":[1,2]}",
                        ErrorCode.BAD_REQUEST),
                Arguments.of(pub("/other/x", "\"hi\""), ErrorCode.FORBIDDEN),
                Arguments.of(pub("/messages.sequenced/x", "\"hi\""), ErrorCode.FORBIDDEN),
                Arguments.of(pub("/messages.dead-letter/x", "\"hi\""), ErrorCode.FORBIDDEN),
                Arguments.of(pub("/demo/x", "42"), ErrorCode.BAD_REQUEST),
                Arguments.of(
                        "{\"type\":\"publish\",\"id\":\"p\",\"subject\":\"/demo/x\"}",
                        ErrorCode.BAD_REQUEST),
                Arguments.of(
                        "{\"type\":\"ping\",\"id\":\"n\",\"x\":"
                                + "[".repeat(40)
                                + "]".repeat(40)
                                + "}",
                        ErrorCode.BAD_REQUEST));
    }

    private static String sub(String entries) {
        return "{\"type\":\"subscribe\",\"id\":\"s\",\"subjects\":[" + entries + "]}";
    }

    private static String pub(String subject, String content) {
        return "{\"type\":\"publish\",\"id\":\"p\",\"subject\":\""
                + subject
                + "\",\"content\":"
                + content
                + "}";
    }

    @ParameterizedTest
    @MethodSource("badFrames")
    void aBadFrameGetsItsErrorCodeAndTheConnectionStaysOpen(String frame, ErrorCode expected)
            throws Exception {
        try (RawClient c = RawClient.connect(edge.port())) {
            c.send(frame);
            EdgeFrame.ErrorFrame error = c.next(EdgeFrame.ErrorFrame.class);
            assertThat(error.code()).as(error.message()).isEqualTo(expected);
            c.assertAlive("after");
        }
    }

    @Test
    void aBinaryFrameIsRefusedWithBadRequest() throws Exception {
        try (RawClient c = RawClient.connect(edge.port())) {
            c.sendBinary(new byte[] {1, 2, 3});
            assertThat(c.next(EdgeFrame.ErrorFrame.class).code()).isEqualTo(ErrorCode.BAD_REQUEST);
            c.assertAlive("after");
        }
    }

    @Test
    void aFrameOverTheLimitClosesWith1009() throws Exception {
        try (RawClient c = RawClient.connect(edge.port())) {
            c.send("{\"type\":\"ping\",\"id\":\"" + "x".repeat(70_000) + "\"}");
            assertThat(c.closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void aFloodOfRequestsClosesWith4029() throws Exception {
        try (RawClient c = RawClient.connect(edge.port())) {
            for (int i = 0; i < 500; i++) {
                if (!c.sendUnlessClosed("{\"type\":\"ping\",\"id\":\"f" + i + "\"}")) {
                    break;
                }
            }
            assertThat(c.closeCode()).isEqualTo(4029);
        }
    }

    @Test
    void controlAndContinuationFramesCountAgainstTheRateToo() throws Exception {
        // Pings, pongs and continuation frames carry no request, yet each costs the edge work.
        // A text message started and never finished, then pings, pongs and continuations.
        int[] kinds = {0x89, 0x8A, 0x00};
        try (RawSocket s = RawSocket.open(edge.port())) {
            s.sendFrame(0x01, new byte[] {' '});
            for (int i = 0; i < 200; i++) {
                int kind = kinds[i % kinds.length];
                s.sendFrame(kind, kind == 0x00 ? new byte[] {' '} : new byte[0]);
            }
            assertThat(s.readCloseCode()).isEqualTo(4029);
        }
    }

    @Test
    void tooManyPendingPublishesGetOverloadedThenTimeOut() throws Exception {
        // No sequencer runs in this test: publishes stay pending until their deadline.
        try (RawClient c = RawClient.connect(edge.port())) {
            for (int i = 0; i < 3; i++) {
                c.send(
                        "{\"type\":\"publish\",\"id\":\"p"
                                + i
                                + "\",\"subject\":\"/demo/x\",\"content\":\"c\"}");
            }
            EdgeFrame.ErrorFrame overloaded = c.next(EdgeFrame.ErrorFrame.class);
            assertThat(overloaded.code()).isEqualTo(ErrorCode.OVERLOADED);
            assertThat(overloaded.id()).isEqualTo("p2");
            EdgeFrame.ErrorFrame timeout = c.next(EdgeFrame.ErrorFrame.class);
            assertThat(timeout.code()).isEqualTo(ErrorCode.PUBLISH_TIMEOUT);
            assertThat(timeout.id()).isIn("p0", "p1");
        }
    }

    @Test
    void publishesToMoreNewSubjectsThanAMinuteAllowsGetTooManySubjects() throws Exception {
        // 3 subjects a minute, 2 pending publishes (no sequencer runs): n0 and n1 wait, n2 is
        // OVERLOADED but counts, n3 is one subject too many; n0 again is not refused for it.
        try (RawClient c = RawClient.connect(edge.port())) {
            for (String subject : List.of("n0", "n1", "n2", "n3", "n0")) {
                c.send(
                        "{\"type\":\"publish\",\"id\":\"p-"
                                + subject
                                + "-"
                                + probe
                                + "\",\"subject\":\"/demo/"
                                + subject
                                + "\",\"content\":\"c\"}");
            }
            assertThat(c.next(EdgeFrame.ErrorFrame.class).code()).isEqualTo(ErrorCode.OVERLOADED);
            EdgeFrame.ErrorFrame tooMany = c.next(EdgeFrame.ErrorFrame.class);
            assertThat(tooMany.code()).isEqualTo(ErrorCode.TOO_MANY_SUBJECTS);
            assertThat(tooMany.id()).startsWith("p-n3-");
            // n0 again is not refused for its subject (what comes next is about the pending ones).
            assertThat(c.next(EdgeFrame.ErrorFrame.class).code())
                    .isNotEqualTo(ErrorCode.TOO_MANY_SUBJECTS);
        }
    }

    @Test
    void aSubscribeOverTheSubjectLimitAcrossRequestsIsRefused() throws Exception {
        try (RawClient c = RawClient.connect(edge.port())) {
            for (int i = 0; i < 5; i++) {
                c.send(sub("{\"subject\":\"/demo/s" + i + "\"}"));
                c.next(EdgeFrame.Subscribed.class);
            }
            c.send(sub("{\"subject\":\"/demo/s9\"}"));
            assertThat(c.next(EdgeFrame.ErrorFrame.class).code())
                    .isEqualTo(ErrorCode.TOO_MANY_SUBJECTS);
        }
    }

    private static String token(Instant exp, String... subscribe) {
        return JWT.create()
                .withSubject("alice")
                .withExpiresAt(exp)
                .withArrayClaim("subscribe", subscribe)
                .withArrayClaim("publish", new String[] {"/demo/*"})
                .sign(Algorithm.HMAC256(SECRET));
    }

    @Test
    void withAuthOnARequestBeforeAuthenticatingIsRefusedWith4001() throws Exception {
        try (RawClient c = RawClient.connect(authEdge.port())) {
            c.send("{\"type\":\"ping\",\"id\":\"x\"}");
            assertThat(c.next(EdgeFrame.ErrorFrame.class).code())
                    .isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(c.closeCode()).isEqualTo(4001);
        }
    }

    @Test
    void withAuthOnABadTokenInTheQueryIsRefusedWith4001() throws Exception {
        String forged =
                JWT.create()
                        .withSubject("mallory")
                        .withExpiresAt(Instant.now().plusSeconds(60))
                        .sign(Algorithm.HMAC256("not-the-secret"));
        try (RawClient c = RawClient.connect(authEdge.port(), "?token=" + forged)) {
            assertThat(c.next(EdgeFrame.ErrorFrame.class).code())
                    .isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(c.closeCode()).isEqualTo(4001);
        }
    }

    @Test
    void withAuthOnAnExpiredTokenIsRefusedWith4001() throws Exception {
        try (RawClient c = RawClient.connect(authEdge.port())) {
            c.send(
                    "{\"type\":\"auth\",\"token\":\""
                            + token(Instant.now().minusSeconds(60), "/demo/*")
                            + "\"}");
            assertThat(c.next(EdgeFrame.ErrorFrame.class).code())
                    .isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(c.closeCode()).isEqualTo(4001);
        }
    }

    @Test
    void withAuthOnASubscriptionOutsideTheEntitlementIsForbidden() throws Exception {
        String t = token(Instant.now().plusSeconds(60), "/demo/*");
        try (RawClient c = RawClient.connect(authEdge.port(), "?token=" + t)) {
            c.send(sub("{\"subject\":\"/demo/room\"}"));
            assertThat(c.next(EdgeFrame.Subscribed.class).subject().value())
                    .isEqualTo("/demo/room");
            c.send(sub("{\"subject\":\"/secret/room\"}"));
            assertThat(c.next(EdgeFrame.ErrorFrame.class).code()).isEqualTo(ErrorCode.FORBIDDEN);
            c.send(pub("/other/x", "\"hi\""));
            assertThat(c.next(EdgeFrame.ErrorFrame.class).code()).isEqualTo(ErrorCode.FORBIDDEN);
            c.assertAlive("authed");
        }
    }

    @Test
    void withAuthOnTheFirstFrameMayCarryTheToken() throws Exception {
        try (RawClient c = RawClient.connect(authEdge.port())) {
            c.send(
                    "{\"type\":\"auth\",\"token\":\""
                            + token(Instant.now().plusSeconds(60), "/demo/*")
                            + "\"}");
            c.assertAlive("first-frame-auth");
        }
    }

    @Test
    void invalidUtf8InATextFrameClosesWith1007() throws Exception {
        try (RawSocket c = RawSocket.open(edge.port())) {
            c.sendFrame(0x81, new byte[] {'{', (byte) 0xC3, '(', '}'});
            assertThat(c.readCloseCode()).isEqualTo(1007);
        }
    }

    @Test
    void anUnmaskedClientFrameClosesWith1002() throws Exception {
        try (RawSocket c = RawSocket.open(edge.port())) {
            c.sendUnmasked(0x81, "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(c.readCloseCode()).isEqualTo(1002);
        }
    }

    @Test
    void aFragmentedMessageOverTheLimitClosesWith1009() throws Exception {
        try (RawSocket c = RawSocket.open(edge.port())) {
            byte[] chunk = new byte[40_000];
            java.util.Arrays.fill(chunk, (byte) 'x');
            c.sendFrame(0x01, chunk); // text, not final
            c.sendFrame(0x80, chunk); // continuation, final: 80,000 bytes in all
            assertThat(c.readCloseCode()).isEqualTo(1009);
        }
    }
}
