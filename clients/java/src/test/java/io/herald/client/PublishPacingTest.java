package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.wire.Position;
import io.herald.wire.Subject;
import io.herald.wire.frame.ClientFrame;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.EdgeLimits;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client keeps its publishes within the limits the edge's {@code welcome} states: pending
 * publishes, frame rate, messages per frame, frame size; and within the pre-welcome defaults
 * against an edge that sends none. Virtual time.
 */
@Timeout(10)
class PublishPacingTest {

    private static final Subject A = Subject.parse("/chat/a");

    private final ManualScheduler loop = new ManualScheduler();
    private final ScriptedTransport transport = new ScriptedTransport();
    private final HeraldClientConfig config =
            HeraldClientConfig.builder(List.of(URI.create("ws://a/ws")))
                    .heartbeat(Duration.ZERO, Duration.ofSeconds(10))
                    .publishTimeout(Duration.ofMinutes(10))
                    .build();
    private final HeraldClient client =
            new HeraldClient(
                    config,
                    new RecordingListener(),
                    transport,
                    loop,
                    new EventDispatcher(Runnable::run, null, config.maxQueuedEvents()),
                    new Random(1));

    private ScriptedTransport.Attempt connected(EdgeLimits limits) {
        client.start();
        loop.runReady();
        ScriptedTransport.Attempt attempt = transport.last();
        attempt.open();
        if (limits != null) {
            attempt.receive(new EdgeFrame.Welcome(limits));
        }
        loop.runReady();
        return attempt;
    }

    private List<CompletableFuture<Position>> publish(int n) {
        List<CompletableFuture<Position>> acks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            acks.add(client.publish(A, "m" + i));
        }
        loop.runReady();
        return acks;
    }

    /** Messages per publish frame sent so far. */
    private static List<Integer> frameSizes(ScriptedTransport.Attempt attempt) {
        return attempt.sent.stream()
                .map(f -> f instanceof ClientFrame.PublishBatch b ? b.messages().size() : 1)
                .toList();
    }

    /** Every message sent so far, in order. */
    private static List<ClientFrame.Publish> messages(ScriptedTransport.Attempt attempt) {
        List<ClientFrame.Publish> out = new ArrayList<>();
        for (ClientFrame f : attempt.sent) {
            if (f instanceof ClientFrame.PublishBatch b) {
                out.addAll(b.messages());
            } else if (f instanceof ClientFrame.Publish p) {
                out.add(p);
            }
        }
        return out;
    }

    @Test
    void sendsNoMoreThanTheEdgeAllowsInFlightAndBatchesWhatWaits() {
        // 2 frames/s: the client sends 1 publish frame a second; 5 in flight, 3 per frame.
        ScriptedTransport.Attempt edge = connected(new EdgeLimits(5, 2, 64 * 1024, 3));
        List<CompletableFuture<Position>> acks = publish(9);
        assertThat(frameSizes(edge)).containsExactly(1);

        loop.advance(1000);
        assertThat(frameSizes(edge)).containsExactly(1, 3);
        loop.advance(1000);
        assertThat(frameSizes(edge)).containsExactly(1, 3, 1); // 5 in flight: the window is full
        loop.advance(5000);
        assertThat(frameSizes(edge)).containsExactly(1, 3, 1);

        List<ClientFrame.Publish> sent = messages(edge);
        for (int i = 0; i < 3; i++) {
            edge.receive(new EdgeFrame.Published(sent.get(i).id(), A, Position.of(1, i)));
        }
        loop.runReady();
        assertThat(acks.subList(0, 3)).allMatch(CompletableFuture::isDone);
        // The first ack made room for one and the pace had a frame to spare; the next frame
        // takes the rest of the room: 5 in flight again.
        assertThat(frameSizes(edge)).containsExactly(1, 3, 1, 1);
        loop.advance(1000);
        assertThat(frameSizes(edge)).containsExactly(1, 3, 1, 1, 2);
        loop.advance(5000);
        assertThat(messages(edge))
                .extracting(ClientFrame.Publish::content)
                .containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7");
    }

    @Test
    void pacesItsFramesAtHalfTheEdgesFrameRate() {
        // One message per frame and a window that never fills: the pace alone holds frames back.
        ScriptedTransport.Attempt edge = connected(new EdgeLimits(100_000, 200, 64 * 1024, 1));
        publish(1000);
        loop.advance(10_000);
        // 100 frames/s for 10 s, plus the first burst of a tenth of a second's worth.
        assertThat(edge.sent).hasSizeBetween(1000, 1010);
        List<Integer> sizes = frameSizes(edge);
        assertThat(sizes).allMatch(n -> n == 1);

        ScriptedTransport.Attempt paced = edge;
        int before = paced.sent.size();
        publish(500);
        loop.advance(1000);
        assertThat(paced.sent.size() - before).isBetween(100, 111);
    }

    @Test
    void aBatchStaysWithinTheEdgesFrameSize() {
        ScriptedTransport.Attempt edge = connected(new EdgeLimits(10_000, 2, 1024, 500));
        client.publish(A, "first");
        for (int i = 0; i < 40; i++) {
            client.publish(A, "x".repeat(100));
        }
        loop.runReady();
        loop.advance(1000);
        ClientFrame.PublishBatch batch = edge.sent(ClientFrame.PublishBatch.class).get(0);
        assertThat(batch.messages()).hasSizeBetween(2, 8);
        assertThat(ScriptedTransport.CODEC.encodeClientFrame(batch).length()).isLessThan(1024);
    }

    @Test
    void withoutWelcomeItSendsSinglePublishesWithinTheOldPendingDefault() {
        ScriptedTransport.Attempt edge = connected(null);
        publish(150);
        loop.advance(10_000);
        assertThat(edge.sent(ClientFrame.PublishBatch.class)).isEmpty();
        assertThat(edge.sent(ClientFrame.Publish.class)).hasSize(100);
    }
}
