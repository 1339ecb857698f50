package io.herald.edge.it;

import static io.herald.edge.it.EdgeProtocolIT.config;
import static io.herald.edge.it.EdgeProtocolIT.startReady;
import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.algorithms.Algorithm;
import io.herald.edge.Edge;
import io.herald.edge.auth.BadTokens;
import io.herald.testing.Closer;
import io.herald.testing.EmbeddedKafka;
import io.herald.wire.Position;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Authentication that holds, on a real edge whose secret comes from a file and whose tokens must
 * name its audience and issuer: every bad token, a request or binary frame before authentication,
 * and silence past the auth timeout end with {@code UNAUTHENTICATED} and close 4001; a refreshed
 * token must keep its {@code sub}, and a subscription it no longer allows ends with {@code
 * FORBIDDEN} naming the subject, after which nothing more arrives on it. A bystander, authenticated
 * by its query token, keeps receiving throughout, long past the 1 s auth timeout.
 */
class AuthenticationIT {
    private static final String SECRET = "authentication-it-secret-at-least-32-bytes";

    @RegisterExtension
    static final EmbeddedKafka KAFKA =
            EmbeddedKafka.perClass().withTopic("messages.sequenced", 1).withTopic("demo", 1);

    @TempDir static Path dir;

    private static Edge edge;
    private static SequencedWriter writer;
    private static final long HEAP_BOUND = 64L << 20;
    private static Bystander bystander;

    @BeforeAll
    static void start() throws Exception {
        Path secretFile = dir.resolve("secret");
        Files.writeString(secretFile, SECRET + "\n", StandardCharsets.UTF_8);
        edge =
                startReady(
                        config(
                                KAFKA,
                                "--auth-hs256-secret-file",
                                secretFile.toString(),
                                "--auth-audience",
                                BadTokens.AUDIENCE,
                                "--auth-issuer",
                                BadTokens.ISSUER,
                                "--auth-timeout",
                                "1s"));
        writer = new SequencedWriter(KAFKA, "messages.sequenced");
        bystander =
                Bystander.subscribe(
                        RawClient.connect(edge.port(), "?token=" + token("/demo/*")),
                        writer,
                        "/demo/bystander");
    }

    @AfterAll
    static void stop() throws Exception {
        Closer.closeAll(bystander, writer, edge);
    }

    @AfterEach
    void theBystanderStillReceives() throws Exception {
        bystander.receives();
    }

    private static String token(String... subscribe) {
        return tokenOf("alice", subscribe);
    }

    private static String tokenOf(String sub, String... subscribe) {
        return BadTokens.valid(Instant.now())
                .withSubject(sub)
                .withArrayClaim("subscribe", subscribe)
                .sign(Algorithm.HMAC256(SECRET));
    }

    private static String auth(String token) {
        return "{\"type\":\"auth\",\"token\":\"" + token + "\"}";
    }

    private static String subscribe(String subject) {
        return "{\"type\":\"subscribe\",\"id\":\"s-"
                + subject
                + "\",\"subjects\":[{\"subject\":\""
                + subject
                + "\"}]}";
    }

    static Stream<Arguments> badTokens() {
        return BadTokens.all(SECRET, Instant.now());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void aBadTokenGetsUnauthenticatedAndClose4001(String what, String token) throws Exception {
        try (RawClient c = RawClient.connect(edge.port())) {
            c.send(auth(token));
            EdgeFrame.ErrorFrame error = c.next(EdgeFrame.ErrorFrame.class);
            assertThat(error.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(error.message()).doesNotContain(token);
            assertThat(c.closeCode()).isEqualTo(4001);
        }
    }

    @Test
    void aTokenWithoutAlgInTheQueryGetsUnauthenticatedAndClose4001() throws Exception {
        String noAlg = (String) badTokens().findFirst().orElseThrow().get()[1];
        try (RawClient c = RawClient.connect(edge.port(), "?token=" + noAlg)) {
            assertThat(c.next(EdgeFrame.ErrorFrame.class).code())
                    .isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(c.closeCode()).isEqualTo(4001);
        }
    }

    @Test
    void aBinaryFrameBeforeAuthenticationClosesWith4001() throws Exception {
        try (RawClient c = RawClient.connect(edge.port())) {
            c.sendBinary(new byte[] {1, 2, 3});
            assertThat(c.next(EdgeFrame.ErrorFrame.class).code())
                    .isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(c.closeCode()).isEqualTo(4001);
        }
    }

    @Test
    void aConnectionNotAuthenticatedInTimeIsClosedWith4001EvenWhileItPings() throws Exception {
        ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
        try (HeapWatch heap = new HeapWatch();
                RawSocket c = RawSocket.open(edge.port())) {
            pinger.scheduleAtFixedRate(
                    () -> {
                        try {
                            c.sendFrame(0x89, new byte[] {'k'}); // a ping control frame
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException(e); // ends the pinging
                        }
                    },
                    0,
                    100,
                    TimeUnit.MILLISECONDS);
            assertThat(c.readCloseCode()).isEqualTo(4001);
            assertThat(heap.report("unauthenticated-pinging")).isLessThan(HEAP_BOUND);
        } finally {
            pinger.shutdownNow();
            pinger.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRefreshedTokenWithAnotherSubClosesWith4001() throws Exception {
        try (RawClient c = RawClient.connect(edge.port(), "?token=" + token("/demo/*"))) {
            c.assertAlive("before");
            c.send(auth(tokenOf("mallory", "/demo/*")));
            assertThat(c.next(EdgeFrame.ErrorFrame.class).code())
                    .isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(c.closeCode()).isEqualTo(4001);
        }
    }

    @Test
    void aSubscriptionTheRefreshedTokenNoLongerAllowsEndsWithForbiddenAndGetsNothingMore()
            throws Exception {
        try (RawClient c = RawClient.connect(edge.port(), "?token=" + token("/demo/*"))) {
            c.send(subscribe("/demo/keep"));
            c.next(EdgeFrame.Subscribed.class);
            c.send(subscribe("/demo/drop"));
            c.next(EdgeFrame.Subscribed.class);
            writer.write("/demo/drop", new Position(1, 1), "drop-1");
            writer.write("/demo/keep", new Position(1, 1), "keep-1");
            writer.flush();
            assertThat(c.messages(2))
                    .extracting(EdgeFrame.Message::content)
                    .containsExactlyInAnyOrder("drop-1", "keep-1");

            c.send(auth(token("/demo/keep", "/demo/bystander")));
            EdgeFrame.ErrorFrame revoked = c.next(EdgeFrame.ErrorFrame.class);
            assertThat(revoked.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(revoked.subject().value()).isEqualTo("/demo/drop");
            assertThat(revoked.id()).isNull();

            writer.write("/demo/drop", new Position(1, 2), "drop-2");
            writer.write("/demo/keep", new Position(1, 2), "keep-2");
            writer.flush();
            // Both records are in one partition, drop-2 first: once keep-2 arrives, drop-2 would
            // have.
            EdgeFrame.Message next = c.next(EdgeFrame.Message.class);
            assertThat(next.content()).isEqualTo("keep-2");
            c.assertAlive("after-refresh");
        }
    }
}
