package io.herald.edge.session;

import static io.herald.edge.Messages.msg;
import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.herald.edge.auth.Authenticator;
import io.herald.edge.auth.TokenRules;
import io.herald.wire.Position;
import io.herald.wire.SequencedMessage;
import io.herald.wire.Subject;
import io.herald.wire.frame.ClientFrame;
import io.herald.wire.frame.ClientFrame.SubscriptionRequest;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.ErrorCode;
import io.herald.wire.frame.Recovery;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a connection subscribes to, on an {@code EmbeddedChannel}: whole-request checks, the {@code
 * subscribed} frame before the replay, the replay budget, unsubscribing.
 */
class SubscriptionsTest {
    private static final String SECRET = "subscriptions-test-secret-of-at-least-32-bytes";
    private static final Subject A = Subject.parse("/demo/a");
    private static final Subject B = Subject.parse("/demo/b");
    private static final Subject C = Subject.parse("/demo/c");
    private static final Subject D = Subject.parse("/demo/d");

    private EmbeddedConnection edge = new EmbeddedConnection(); // at most 3 subjects

    @AfterEach
    void tearDown() {
        edge.close();
    }

    private static ClientFrame.Subscribe subscribe(String id, SubscriptionRequest... requests) {
        return new ClientFrame.Subscribe(id, List.of(requests));
    }

    private static SequencedMessage on(Subject s, long seq, String content) {
        return msg(s.toString(), 1, seq, seq, 1_000_000_000L, content);
    }

    @Test
    void aResumeGetsSubscribedThenTheReplayThenLiveMessagesInOrder() {
        for (long seq = 0; seq <= 3; seq++) {
            edge.live(on(A, seq, "m" + seq));
        }
        edge.send(subscribe("s1", SubscriptionRequest.resume(A, new Position(1, 1))));
        edge.live(on(A, 4, "m4"));
        List<Object> out = edge.written();
        assertThat(out)
                .containsExactly(
                        new EdgeFrame.Subscribed("s1", A, Recovery.COMPLETE, new Position(1, 3)),
                        new EdgeFrame.Message(A, new Position(1, 2), "m2", 1_000_000_000L, true),
                        new EdgeFrame.Message(A, new Position(1, 3), "m3", 1_000_000_000L, true),
                        new EdgeFrame.Message(A, new Position(1, 4), "m4", 1_000_000_000L, false));
    }

    @Test
    void aSubscribeOverTheSubjectLimitIsRefusedWhole() {
        edge.send(subscribe("s1", SubscriptionRequest.live(A), SubscriptionRequest.live(B)));
        edge.send(subscribe("s2", SubscriptionRequest.live(C), SubscriptionRequest.live(D)));
        List<Object> out = edge.written();
        assertThat(out).hasSize(3);
        EdgeFrame.ErrorFrame refused = (EdgeFrame.ErrorFrame) out.get(2);
        assertThat(refused.id()).isEqualTo("s2");
        assertThat(refused.code()).isEqualTo(ErrorCode.TOO_MANY_SUBJECTS);
        edge.live(on(C, 0, "c0"), on(D, 0, "d0"));
        assertThat(edge.written()).isEmpty();
    }

    @Test
    void subscribingAgainToASubjectDoesNotCountItTwice() {
        edge.send(
                subscribe(
                        "s1",
                        SubscriptionRequest.live(A),
                        SubscriptionRequest.live(B),
                        SubscriptionRequest.live(C)));
        edge.live(on(A, 0, "a0"));
        edge.send(subscribe("s2", SubscriptionRequest.resume(A, new Position(1, 0))));
        edge.live(on(A, 1, "a1"));
        List<Object> out = edge.written();
        assertThat(out).noneMatch(EdgeFrame.ErrorFrame.class::isInstance);
        assertThat(out)
                .filteredOn(EdgeFrame.Message.class::isInstance)
                .extracting(m -> ((EdgeFrame.Message) m).position().seq())
                .containsExactly(0L, 1L);
    }

    @Test
    void aSubjectListedTwiceIsRefusedWhole() {
        edge.send(
                subscribe(
                        "s1",
                        SubscriptionRequest.live(A),
                        SubscriptionRequest.resume(A, new Position(1, 0))));
        assertThat(edge.written(EdgeFrame.ErrorFrame.class))
                .singleElement()
                .extracting(EdgeFrame.ErrorFrame::code)
                .isEqualTo(ErrorCode.BAD_REQUEST);
        edge.live(on(A, 0, "a0"));
        assertThat(edge.written()).isEmpty();
    }

    @Test
    void aSubjectOutsideTheTokenIsForbiddenAndNothingOfTheRequestApplies() {
        edge.close();
        edge = new EmbeddedConnection(EmbeddedConnection.LIMITS, authenticator());
        edge.send(new ClientFrame.Auth(token("/demo/a")));
        edge.send(subscribe("s1", SubscriptionRequest.live(A), SubscriptionRequest.live(B)));
        assertThat(edge.written(EdgeFrame.ErrorFrame.class))
                .singleElement()
                .extracting(EdgeFrame.ErrorFrame::code)
                .isEqualTo(ErrorCode.FORBIDDEN);
        edge.live(on(A, 0, "a0"));
        assertThat(edge.written()).isEmpty();
    }

    private Authenticator authenticator() {
        return Authenticator.create(SECRET, null, TokenRules.lenient(), edge.clock);
    }

    private String token(String subscribePattern) {
        return JWT.create()
                .withSubject("alice")
                .withExpiresAt(edge.clock.instant().plusSeconds(600))
                .withArrayClaim("subscribe", new String[] {subscribePattern})
                .sign(Algorithm.HMAC256(SECRET));
    }

    @Test
    void unsubscribeStopsDeliveryOfThatSubjectOnly() {
        edge.send(subscribe("s1", SubscriptionRequest.live(A), SubscriptionRequest.live(B)));
        edge.send(new ClientFrame.Unsubscribe("u1", List.of(A)));
        edge.written();
        edge.live(on(A, 0, "a0"), on(B, 0, "b0"));
        assertThat(edge.written(EdgeFrame.Message.class))
                .extracting(EdgeFrame.Message::subject)
                .containsExactly(B);
    }

    @Test
    void historyReplaysTheLastMessagesAndSaysNone() {
        for (long seq = 0; seq <= 4; seq++) {
            edge.live(on(A, seq, "m" + seq));
        }
        edge.send(subscribe("s1", SubscriptionRequest.history(A, 2)));
        List<Object> out = edge.written();
        assertThat(((EdgeFrame.Subscribed) out.get(0)).recovery()).isEqualTo(Recovery.NONE);
        assertThat(out.subList(1, out.size()))
                .extracting(m -> ((EdgeFrame.Message) m).position().seq())
                .containsExactly(3L, 4L);
    }

    @Test
    void aReplayLargerThanTheBudgetIsCutToItsNewestPartAndSaidPartial() {
        // The replay budget is what is left under the 8 KiB outbound limit: about 7 messages of
        // 1 KB (content, subject and the overhead counted per message).
        String kilobyte = "x".repeat(1000);
        for (long seq = 0; seq < 300; seq++) {
            edge.live(on(A, seq, kilobyte));
        }
        edge.send(subscribe("s1", SubscriptionRequest.resume(A, new Position(1, 0))));
        edge.live(on(A, 300, "live"));
        List<Object> out = edge.written();
        assertThat(((EdgeFrame.Subscribed) out.get(0)).recovery()).isEqualTo(Recovery.PARTIAL);
        List<Long> seqs =
                out.subList(1, out.size()).stream()
                        .map(m -> ((EdgeFrame.Message) m).position().seq())
                        .toList();
        long first = seqs.get(0);
        assertThat(seqs)
                .containsExactlyElementsOf(LongStream.rangeClosed(first, 300).boxed().toList());
        assertThat(seqs.size() - 1).isBetween(4, 8 * 1024 / 1096);
    }
}
