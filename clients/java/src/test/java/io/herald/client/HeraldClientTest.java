package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.wire.Position;
import io.herald.wire.ProtocolVectors;
import io.herald.wire.Subject;
import io.herald.wire.frame.ClientFrame;
import io.herald.wire.frame.ClientFrame.SubscriptionRequest;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.ErrorCode;
import io.herald.wire.frame.Recovery;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client's protocol behaviour against a scripted transport, in virtual time. */
@Timeout(10)
class HeraldClientTest {

    private static final List<URI> EDGES =
            List.of(URI.create("ws://a/ws"), URI.create("ws://b/ws"), URI.create("ws://c/ws"));
    private static final Subject A = Subject.parse("/chat/a");
    private static final Subject B = Subject.parse("/chat/b");

    private final ManualScheduler loop = new ManualScheduler();
    private final ScriptedTransport transport = new ScriptedTransport();
    private final RecordingListener listener = new RecordingListener();

    private HeraldClientConfig.Builder config() {
        return HeraldClientConfig.builder(EDGES)
                .backoff(Duration.ofMillis(250), Duration.ofSeconds(10), 2.0, 0.0)
                .goingAwayDelay(Duration.ofMillis(250))
                .stableAfter(Duration.ofSeconds(5))
                .heartbeat(Duration.ofSeconds(20), Duration.ofSeconds(10))
                .publishTimeout(Duration.ofSeconds(10));
    }

    private HeraldClient client(HeraldClientConfig config) {
        return client(config, new EventDispatcher(Runnable::run, null, config.maxQueuedEvents()));
    }

    private HeraldClient client(HeraldClientConfig config, EventDispatcher events) {
        return new HeraldClient(config, listener, transport, loop, events, new Random(1));
    }

    private static EdgeFrame.Message msg(Subject s, long epoch, long seq, boolean replay) {
        return new EdgeFrame.Message(s, Position.of(epoch, seq), "m" + seq, 1000 + seq, replay);
    }

    private static String subscribeId(ScriptedTransport.Attempt attempt, Subject subject) {
        return attempt.sent(ClientFrame.Subscribe.class).stream()
                .filter(f -> f.subjects().get(0).subject().equals(subject))
                .reduce((x, y) -> y)
                .orElseThrow()
                .id();
    }

    private static void confirm(ScriptedTransport.Attempt attempt, Subject s, Recovery r) {
        attempt.receive(new EdgeFrame.Subscribed(subscribeId(attempt, s), s, r, null));
    }

    private ScriptedTransport.Attempt connected(HeraldClient client) {
        client.start();
        loop.runReady();
        ScriptedTransport.Attempt attempt = transport.last();
        attempt.open();
        loop.runReady();
        return attempt;
    }

    @Test
    void sendsAuthThenSubscriptionsThenQueuedPublishesOnConnect() {
        HeraldClient client = client(config().token("jwt-1").build());
        CompletableFuture<EdgeFrame.Subscribed> sub =
                client.subscribe(SubscriptionRequest.history(A, 5));
        client.publish(B, "hello");
        ScriptedTransport.Attempt attempt = connected(client);

        assertThat(attempt.sent).hasSize(3);
        assertThat(attempt.sent.get(0)).isEqualTo(new ClientFrame.Auth("jwt-1"));
        ClientFrame.Subscribe subscribe = (ClientFrame.Subscribe) attempt.sent.get(1);
        assertThat(subscribe.subjects()).containsExactly(SubscriptionRequest.history(A, 5));
        assertThat(attempt.sent.get(2)).isInstanceOf(ClientFrame.Publish.class);
        assertThat(attempt.requested).isEqualTo(ClientCore.DEMAND_WINDOW);
        assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);

        confirm(attempt, A, Recovery.NONE);
        loop.runReady();
        assertThat(sub).isCompleted();
        assertThat(sub.join().recovery()).isEqualTo(Recovery.NONE);
        assertThat(listener.states)
                .containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
    }

    @Test
    void resumesOnTheNextEdgeFromTheLastPositionAfterTheEdgeGoesAway() {
        HeraldClient client = client(config().build());
        client.subscribe(SubscriptionRequest.live(A));
        client.subscribe(SubscriptionRequest.resume(B, Position.of(7, 3)));
        ScriptedTransport.Attempt first = connected(client);
        confirm(first, A, Recovery.NONE);
        confirm(first, B, Recovery.COMPLETE);
        first.receive(msg(A, 1, 0, false));
        first.receive(msg(A, 1, 1, false));
        loop.runReady();

        first.closedByEdge(1001);
        loop.runReady();
        assertThat(client.state()).isEqualTo(ConnectionState.RECONNECTING);
        assertThat(loop.nextTimerIn()).isBetween(0L, 250L);
        loop.advance(250);
        ScriptedTransport.Attempt second = transport.last();
        int firstIndex = EDGES.indexOf(first.uri);
        assertThat(second.uri).isEqualTo(EDGES.get((firstIndex + 1) % EDGES.size()));

        second.open();
        loop.runReady();
        assertThat(second.sent(ClientFrame.Subscribe.class))
                .extracting(f -> f.subjects().get(0))
                .as("the position and the timestamp of the last message; none was received on B")
                .containsExactly(
                        SubscriptionRequest.resume(A, Position.of(1, 1), 1001),
                        SubscriptionRequest.resume(B, Position.of(7, 3)));
        confirm(second, A, Recovery.COMPLETE);
        second.receive(msg(A, 1, 1, true));
        second.receive(msg(A, 1, 2, true));
        second.receive(msg(A, 1, 3, false));
        loop.runReady();

        assertThat(listener.messages)
                .extracting(EdgeFrame.Message::position)
                .containsExactly(
                        Position.of(1, 0), Position.of(1, 1), Position.of(1, 2), Position.of(1, 3));
        assertThat(listener.events).contains("subscribed /chat/a COMPLETE head=null");
        assertThat(client.stats().duplicatesDropped()).isEqualTo(1);
        assertThat(client.stats().gaps()).isZero();
        assertThat(client.positions()).containsEntry(A, Position.of(1, 3));
    }

    @Test
    void aPartialRecoveryCarriesTheEdgesReasonToTheListenerAndTheFuture() {
        HeraldClient client = client(config().build());
        CompletableFuture<EdgeFrame.Subscribed> sub =
                client.subscribe(SubscriptionRequest.resume(A, Position.of(2, 5)));
        ScriptedTransport.Attempt attempt = connected(client);
        attempt.receive(
                new EdgeFrame.Subscribed(
                        subscribeId(attempt, A),
                        A,
                        Recovery.PARTIAL,
                        Position.of(2, 90),
                        "retention"));
        loop.runReady();
        assertThat(sub.join().reason()).isEqualTo("retention");
        assertThat(listener.events)
                .contains("subscribed /chat/a PARTIAL head=(2,90) reason=retention");
        assertThat(client.stats().partialRecoveries()).isEqualTo(1);
    }

    @Test
    void aLiveSubscriptionWithNothingDeliveredResumesAfterTheHeadTheEdgeReported() {
        HeraldClient client = client(config().build());
        client.subscribe(A);
        client.subscribe(SubscriptionRequest.history(B, 5));
        ScriptedTransport.Attempt first = connected(client);
        first.receive(
                new EdgeFrame.Subscribed(
                        subscribeId(first, A), A, Recovery.NONE, Position.of(3, 7)));
        first.receive(
                new EdgeFrame.Subscribed(
                        subscribeId(first, B), B, Recovery.NONE, Position.of(2, 2)));
        first.closedByEdge(1001);
        loop.advance(250);
        ScriptedTransport.Attempt second = transport.last();
        second.open();
        loop.runReady();

        assertThat(second.sent(ClientFrame.Subscribe.class))
                .extracting(f -> f.subjects().get(0))
                .containsExactly(
                        SubscriptionRequest.resume(A, Position.of(3, 7)),
                        SubscriptionRequest.history(B, 5));
        second.receive(msg(A, 3, 8, true));
        loop.runReady();
        assertThat(listener.messages)
                .extracting(EdgeFrame.Message::position)
                .containsExactly(Position.of(3, 8));
        assertThat(client.stats().gaps()).isZero();
    }

    @Test
    void backsOffExponentiallyAndRotatesEdgesWhileConnectsFail() {
        HeraldClient client = client(config().build());
        client.start();
        loop.runReady();
        long[] expected = {250, 500, 1000, 2000, 4000};
        for (long delay : expected) {
            ScriptedTransport.Attempt attempt = transport.last();
            attempt.closedByEdge(1006);
            loop.runReady();
            assertThat(loop.nextTimerIn()).isEqualTo(delay);
            loop.advance(delay);
            ScriptedTransport.Attempt next = transport.last();
            assertThat(next).isNotSameAs(attempt);
            assertThat(EDGES.indexOf(next.uri))
                    .isEqualTo((EDGES.indexOf(attempt.uri) + 1) % EDGES.size());
        }
        assertThat(client.stats().connectAttempts()).isEqualTo(6);
    }

    @Test
    void slowConsumerCloseKeepsBackingOffEvenAfterAStableConnection() {
        HeraldClient client = client(config().build());
        ScriptedTransport.Attempt attempt = connected(client);
        attempt.closedByEdge(4008);
        loop.runReady();
        assertThat(loop.nextTimerIn()).isEqualTo(250);
        loop.advance(250);
        transport.last().open();
        loop.runReady();
        transport.last().closedByEdge(4008);
        loop.runReady();
        assertThat(loop.nextTimerIn()).isEqualTo(500);
        loop.advance(500);
        transport.last().open();
        loop.advance(5_000);
        transport.last().closedByEdge(4008);
        loop.runReady();
        assertThat(loop.nextTimerIn()).isEqualTo(1_000);
        loop.advance(1_000);
        transport.last().open();
        loop.advance(5_000);
        transport.last().closedByEdge(1006);
        loop.runReady();
        assertThat(loop.nextTimerIn()).isEqualTo(250);
    }

    @Test
    void stopsOnAuthenticationFailureUntilStartedAgain() {
        HeraldClient client = client(config().token(() -> "expired").build());
        ScriptedTransport.Attempt attempt = connected(client);
        client.publish(A, "x");
        CompletableFuture<Position> queued = client.publish(A, "y");
        loop.runReady();
        attempt.receive(new EdgeFrame.ErrorFrame(null, ErrorCode.UNAUTHENTICATED, "token expired"));
        attempt.closedByEdge(4001);
        loop.runReady();

        assertThat(client.state()).isEqualTo(ConnectionState.AUTH_FAILED);
        assertThat(loop.nextTimerIn()).isEqualTo(-1);
        loop.advance(60_000);
        assertThat(transport.attempts).hasSize(1);
        assertThat(listener.errors)
                .filteredOn(
                        e ->
                                e instanceof HeraldErrorException h
                                        && h.code() == ErrorCode.UNAUTHENTICATED)
                .isNotEmpty();
        assertThat(catchThrowable(queued::join)).isInstanceOf(CompletionException.class);
        CompletableFuture<Position> whileFailed = client.publish(A, "z");
        loop.runReady();
        assertThat(((HeraldErrorException) catchThrowable(whileFailed::join).getCause()).code())
                .isEqualTo(ErrorCode.UNAUTHENTICATED);

        client.start();
        loop.runReady();
        assertThat(transport.attempts).hasSize(2);
    }

    @Test
    void aFailingTokenSupplierDropsTheConnectionAndRetries() {
        HeraldClient client =
                client(
                        config().token(
                                        () -> {
                                            throw new IllegalStateException("vault down");
                                        })
                                .build());
        client.subscribe(A);
        ScriptedTransport.Attempt attempt = connected(client);
        assertThat(attempt.aborted).isTrue();
        assertThat(attempt.sent).isEmpty();
        assertThat(listener.errors)
                .singleElement()
                .extracting(Throwable::getMessage)
                .isEqualTo("token supplier failed");
        assertThat(client.state()).isEqualTo(ConnectionState.RECONNECTING);
        assertThat(loop.nextTimerIn()).isEqualTo(250);
    }

    @Test
    void dropsDuplicatesAndReportsAGapBeforeDeliveringPastIt() {
        HeraldClient client = client(config().build());
        client.subscribe(A);
        ScriptedTransport.Attempt attempt = connected(client);
        confirm(attempt, A, Recovery.NONE);
        attempt.receive(msg(A, 3, 0, false));
        attempt.receive(msg(A, 3, 0, false));
        attempt.receive(msg(A, 3, 1, false));
        attempt.receive(msg(A, 2, 9, false));
        attempt.receive(msg(A, 3, 4, false));
        attempt.receive(msg(A, 4, 0, false));
        attempt.receive(msg(B, 1, 0, false));
        loop.runReady();

        assertThat(listener.events)
                .containsSubsequence(
                        "message /chat/a (3,0)",
                        "message /chat/a (3,1)",
                        "gap /chat/a (3,1)->(3,4)",
                        "message /chat/a (3,4)",
                        "message /chat/a (4,0)");
        assertThat(listener.messages).hasSize(4);
        assertThat(client.stats().duplicatesDropped()).isEqualTo(2);
        assertThat(client.stats().gaps()).isEqualTo(1);
    }

    @Test
    void completesAPublishWithItsCommittedPositionOrTheEdgesErrorCode() {
        HeraldClient client = client(config().build());
        ScriptedTransport.Attempt attempt = connected(client);
        CompletableFuture<Position> ok = client.publish(A, "one");
        CompletableFuture<Position> refused = client.publish(B, "two");
        loop.runReady();
        List<ClientFrame.Publish> sent = attempt.sent(ClientFrame.Publish.class);
        assertThat(sent).extracting(ClientFrame.Publish::content).containsExactly("one", "two");
        assertThat(sent.get(0).id()).isNotEqualTo(sent.get(1).id());

        attempt.receive(new EdgeFrame.Published(sent.get(0).id(), A, Position.of(5, 8)));
        attempt.receive(new EdgeFrame.ErrorFrame(sent.get(1).id(), ErrorCode.FORBIDDEN, "no"));
        loop.runReady();

        assertThat(ok.join()).isEqualTo(Position.of(5, 8));
        HeraldErrorException error =
                (HeraldErrorException) catchThrowable(refused::join).getCause();
        assertThat(error.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(error.fromEdge()).isTrue();
        assertThat(listener.errors).isEmpty();
    }

    @Test
    void resendsUnacknowledgedPublishesWithTheirIdsOnTheNextEdgeAndTakesTheOriginalPosition() {
        HeraldClient client = client(config().build());
        ScriptedTransport.Attempt first = connected(client);
        CompletableFuture<Position> acked = client.publish(A, "acked");
        CompletableFuture<Position> inFlight = client.publish(A, "in-flight");
        loop.runReady();
        List<ClientFrame.Publish> firstTry = first.sent(ClientFrame.Publish.class);
        first.receive(new EdgeFrame.Published(firstTry.get(0).id(), A, Position.of(1, 0)));
        first.closedByEdge(1006);
        loop.runReady();
        CompletableFuture<Position> whileDown = client.publish(A, "while-down");
        loop.runReady();

        assertThat(acked.join()).isEqualTo(Position.of(1, 0));
        assertThat(inFlight).as("its outcome is unknown: it waits for the resend").isNotDone();
        assertThat(whileDown).isNotDone();

        loop.advance(loop.nextTimerIn());
        ScriptedTransport.Attempt second = transport.last();
        assertThat(second.uri).as("the next edge").isNotEqualTo(first.uri);
        second.open();
        loop.runReady();
        List<ClientFrame.Publish> resent = second.sent(ClientFrame.Publish.class);
        assertThat(resent)
                .extracting(ClientFrame.Publish::content)
                .containsExactly("in-flight", "while-down");
        assertThat(resent.get(0)).as("the same frame, same id").isEqualTo(firstTry.get(1));

        // The edge answers the resend with the position its first copy was sequenced at.
        second.receive(new EdgeFrame.Published(resent.get(0).id(), A, Position.of(1, 1)));
        second.receive(new EdgeFrame.Published(resent.get(1).id(), A, Position.of(1, 2)));
        loop.runReady();
        assertThat(inFlight.join()).isEqualTo(Position.of(1, 1));
        assertThat(whileDown.join()).isEqualTo(Position.of(1, 2));
        assertThat(client.stats().publishesAcked()).isEqualTo(3);
    }

    @Test
    void aResentPublishStillTimesOutFromItsFirstTry() {
        HeraldClient client = client(config().build());
        ScriptedTransport.Attempt first = connected(client);
        CompletableFuture<Position> inFlight = client.publish(A, "in-flight");
        loop.runReady();
        loop.advance(6_000);
        first.closedByEdge(1006);
        loop.runReady();
        loop.advance(loop.nextTimerIn());
        transport.last().open();
        loop.runReady();
        assertThat(transport.last().sent(ClientFrame.Publish.class)).hasSize(1);

        loop.advance(4_000);

        HeraldErrorException error =
                (HeraldErrorException) catchThrowable(inFlight::join).getCause();
        assertThat(error.code()).isEqualTo(ErrorCode.PUBLISH_TIMEOUT);
    }

    @Test
    void publishIdsAreUniqueAcrossClientsWith128RandomBits() {
        RequestIds one = new RequestIds(new Random(1));
        RequestIds other = new RequestIds(new Random(2));
        String id = one.next("p");
        assertThat(id).isNotEqualTo(other.next("p"));
        String prefix = id.substring(0, id.indexOf('-'));
        assertThat(prefix.length()).as("two 64-bit numbers in base 36").isGreaterThan(20);
        assertThat(one.next("p")).startsWith(prefix + "-p");
    }

    @Test
    void boundsPendingPublishesTimesThemOutAndRefusesOversizedOnes() {
        HeraldClient client =
                client(config().maxPendingPublishes(2).maxOutboundFrameBytes(256).build());
        connected(client);
        CompletableFuture<Position> p1 = client.publish(A, "1");
        CompletableFuture<Position> p2 = client.publish(A, "2");
        CompletableFuture<Position> p3 = client.publish(A, "3");
        CompletableFuture<Position> big = client.publish(A, "é".repeat(200));
        loop.runReady();

        assertThat(((HeraldErrorException) catchThrowable(p3::join).getCause()).code())
                .isEqualTo(ErrorCode.OVERLOADED);
        HeraldErrorException tooBig = (HeraldErrorException) catchThrowable(big::join).getCause();
        assertThat(tooBig.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(tooBig.fromEdge()).isFalse();
        assertThat(transport.last().sent(ClientFrame.Publish.class)).hasSize(2);

        loop.advance(9_999);
        assertThat(p1).isNotDone();
        loop.advance(1);
        assertThat(((HeraldErrorException) catchThrowable(p1::join).getCause()).code())
                .isEqualTo(ErrorCode.PUBLISH_TIMEOUT);
        assertThat(p2).isCompletedExceptionally();
        assertThat(client.publish(A, "4")).isNotDone();
    }

    @Test
    void aRefusedSubscriptionFailsItsFutureAndIsNotResubscribed() {
        HeraldClient client = client(config().build());
        CompletableFuture<EdgeFrame.Subscribed> sub = client.subscribe(A);
        ScriptedTransport.Attempt first = connected(client);
        first.receive(
                new EdgeFrame.ErrorFrame(subscribeId(first, A), ErrorCode.FORBIDDEN, "not yours"));
        loop.runReady();

        assertThat(((HeraldErrorException) catchThrowable(sub::join).getCause()).code())
                .isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(listener.errors).hasSize(1);
        assertThat(listener.errors.get(0)).hasMessageContaining("subscription to /chat/a refused");

        assertNotResubscribedOnTheNextConnection(first);
        client.subscribe(A);
        loop.runReady();
        assertThat(transport.last().sent(ClientFrame.Subscribe.class)).hasSize(1);
    }

    @Test
    void aSubscriptionTheEdgeEndsIsDroppedAndGetsNothingMore() {
        HeraldClient client = client(config().build());
        client.subscribe(A);
        ScriptedTransport.Attempt first = connected(client);
        confirm(first, A, Recovery.NONE);
        first.receive(msg(A, 1, 1, false));
        first.receive(
                new EdgeFrame.ErrorFrame(
                        null, ErrorCode.FORBIDDEN, "the refreshed token no longer allows it", A));
        first.receive(msg(A, 1, 2, false));
        loop.runReady();

        assertThat(listener.messages).extracting(m -> m.position().seq()).containsExactly(1L);
        assertThat(listener.errors).hasSize(1);
        assertThat(listener.errors.get(0)).hasMessageContaining("subscription to /chat/a ended");

        assertNotResubscribedOnTheNextConnection(first);
    }

    private void assertNotResubscribedOnTheNextConnection(ScriptedTransport.Attempt current) {
        current.closedByEdge(1006);
        loop.advance(10_000);
        transport.last().open();
        loop.runReady();
        assertThat(transport.last().sent(ClientFrame.Subscribe.class)).isEmpty();
    }

    @Test
    void subscribingTwiceToOneSubjectFails() {
        HeraldClient client = client(config().build());
        client.subscribe(A);
        CompletableFuture<EdgeFrame.Subscribed> again = client.subscribe(A);
        loop.runReady();
        assertThat(catchThrowable(again::join).getCause())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unsubscribeStopsDeliveryAndIsNotResubscribed() {
        HeraldClient client = client(config().build());
        client.subscribe(A);
        ScriptedTransport.Attempt attempt = connected(client);
        confirm(attempt, A, Recovery.NONE);
        client.unsubscribe(A);
        attempt.receive(msg(A, 1, 0, false));
        loop.runReady();
        assertThat(attempt.sent(ClientFrame.Unsubscribe.class))
                .singleElement()
                .extracting(ClientFrame.Unsubscribe::subjects)
                .isEqualTo(List.of(A));
        assertThat(listener.messages).isEmpty();
        assertThat(client.positions()).isEmpty();
    }

    @Test
    void reconnectsWhenTheEdgeFallsSilent() {
        HeraldClient client = client(config().build());
        ScriptedTransport.Attempt attempt = connected(client);
        loop.advance(20_000);
        assertThat(attempt.sent(ClientFrame.Ping.class)).hasSize(1);
        loop.advance(9_999);
        assertThat(attempt.aborted).isFalse();
        loop.advance(1);
        assertThat(attempt.aborted).isTrue();
        assertThat(client.state()).isEqualTo(ConnectionState.RECONNECTING);
    }

    @Test
    void aTalkingEdgeIsNeverPinged() {
        HeraldClient client = client(config().build());
        client.subscribe(A);
        ScriptedTransport.Attempt attempt = connected(client);
        for (int i = 0; i < 10; i++) {
            loop.advance(15_000);
            attempt.receive(msg(A, 1, i, false));
        }
        loop.runReady();
        assertThat(attempt.sent(ClientFrame.Ping.class)).isEmpty();
        assertThat(attempt.aborted).isFalse();
    }

    @Test
    void stopsReadingWhileCallbacksLagAndResumesOnceTheyCatchUp() {
        Queue<Runnable> callbacks = new ArrayDeque<>();
        HeraldClientConfig cfg = config().maxQueuedEvents(3).build();
        HeraldClient client = client(cfg, new EventDispatcher(callbacks::add, null, 3));
        client.subscribe(A);
        ScriptedTransport.Attempt attempt = connected(client);
        long before = attempt.requested;
        attempt.receive(msg(A, 1, 0, false));
        loop.runReady();
        assertThat(attempt.requested).isEqualTo(before);

        while (!callbacks.isEmpty()) {
            callbacks.poll().run();
        }
        loop.runReady();
        assertThat(attempt.requested).isEqualTo(before + 1);
    }

    @Test
    void ignoresEventsOfAConnectionItHasLeft() {
        HeraldClient client = client(config().build());
        client.subscribe(A);
        ScriptedTransport.Attempt first = connected(client);
        confirm(first, A, Recovery.NONE);
        first.closedByEdge(1001);
        loop.advance(250);
        first.receive(msg(A, 1, 0, false));
        first.closedByEdge(1006);
        loop.runReady();
        assertThat(listener.messages).isEmpty();
        assertThat(transport.attempts).hasSize(2);
        assertThat(client.state()).isEqualTo(ConnectionState.CONNECTING);
    }

    @Test
    void ignoresUnknownFrameTypesAndReportsUndecodableOnes() {
        HeraldClient client = client(config().build());
        ScriptedTransport.Attempt attempt = connected(client);
        List<JsonNode> vectors = ProtocolVectors.entries("edge-frames.json", "/invalid");
        for (JsonNode v : vectors) {
            int before = listener.errors.size();
            attempt.receiveText(v.path("json").textValue());
            loop.runReady();
            if (v.path("error").textValue().equals(ErrorCode.UNKNOWN_TYPE.name())) {
                assertThat(listener.errors).as(v.path("name").textValue()).hasSize(before);
            } else {
                assertThat(listener.errors).as(v.path("name").textValue()).hasSize(before + 1);
                assertThat(listener.errors.get(before))
                        .hasMessageContaining(v.path("field").asText(""));
            }
        }
        assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(attempt.requested).isEqualTo(ClientCore.DEMAND_WINDOW + vectors.size());
    }

    @Test
    void pingCompletesWithTheRoundTripTime() {
        HeraldClient client = client(config().build());
        assertThat(client.ping()).isNotDone();
        loop.runReady();
        ScriptedTransport.Attempt attempt = connected(client);
        CompletableFuture<Duration> pong = client.ping();
        loop.runReady();
        String id = attempt.sent(ClientFrame.Ping.class).get(0).id();
        loop.advance(12);
        attempt.receive(new EdgeFrame.Pong(id));
        loop.runReady();
        assertThat(pong.join()).isEqualTo(Duration.ofMillis(12));
    }

    @Test
    void closeFailsEverythingPendingAndClosesTheConnectionNormally() {
        HeraldClient client = client(config().build());
        CompletableFuture<EdgeFrame.Subscribed> sub = client.subscribe(A);
        ScriptedTransport.Attempt attempt = connected(client);
        CompletableFuture<Position> pub = client.publish(A, "x");
        loop.runReady();
        client.close();

        assertThat(attempt.closeCode).isEqualTo(1000);
        assertThat(sub).isCompletedExceptionally();
        assertThat(pub).isCompletedExceptionally();
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(client.publish(A, "late")).isCompletedExceptionally();
        client.close();
        assertThat(listener.states).endsWith(ConnectionState.CLOSED);
    }
}
