package io.herald.edge.fanout;

import static io.herald.edge.Messages.msg;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.edge.TestClock;
import io.herald.edge.cache.CacheLimits;
import io.herald.edge.cache.CachedMessage;
import io.herald.edge.cache.MessageCache;
import io.herald.edge.metrics.EdgeMetrics;
import io.herald.edge.recovery.SequenceGapException;
import io.herald.wire.Position;
import io.herald.wire.Subject;
import io.herald.wire.frame.ClientFrame.SubscriptionRequest;
import io.herald.wire.frame.Recovery;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fan-out is where the delivery guarantee lives: every replayed and live message passes the
 * subscription's cursor before a subscriber sees it. One event loop: an {@link EmbeddedChannel}'s.
 */
class HubTest {
    private static final Subject A = Subject.parse("/a/1");
    private static final long BIG_BUDGET = 1 << 20;

    private final TestClock clock = new TestClock(1_000_000);
    private final EdgeMetrics metrics = new EdgeMetrics();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final EventLoop loop = channel.eventLoop();
    private final Hub hub =
            new Hub(
                    new MessageCache(new CacheLimits(Duration.ofSeconds(180), 100, 1 << 20), clock),
                    List.of(loop),
                    metrics,
                    UnpooledByteBufAllocator.DEFAULT);
    private final Recorder recorder = new Recorder();

    /** What a subscriber was handed: positions delivered and gaps reported. */
    private static final class Recorder implements Subscriber {
        final List<Position> delivered = new ArrayList<>();
        final List<SequenceGapException> gaps = new ArrayList<>();
        int flushes;
        boolean written;

        @Override
        public boolean deliver(Subscription s, LiveMessage m) {
            delivered.add(m.position());
            return true;
        }

        @Override
        public void deliveryGap(Subscription s, SequenceGapException gap) {
            gaps.add(gap);
        }

        @Override
        public boolean markWritten() {
            boolean first = !written;
            written = true;
            return first;
        }

        @Override
        public void flushBatch() {
            written = false;
            flushes++;
        }
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    /** Offers messages (epoch 1) as one consumer poll, and runs the loop's batch. */
    private void live(long... seqs) {
        FanoutBatch batch = hub.newBatch();
        for (long seq : seqs) {
            hub.offer(msg("/a/1", 1, seq, 100 + seq, clock.millis(), "m" + seq), batch);
        }
        assertThat(batch.dispatch()).isTrue();
        channel.runPendingTasks();
    }

    private static List<Position> positions(List<CachedMessage> replay) {
        return replay.stream().map(CachedMessage::position).toList();
    }

    @Test
    void aMessageBothReplayedAndInFlightIsDeliveredOnce() {
        hub.subscribe(new Recorder(), loop, SubscriptionRequest.live(A), BIG_BUDGET);
        live(0);
        // A poll's batch is on its way to the loop when a client subscribes from (1,0): the
        // messages are in the cache, so in its replay, and also in the batch.
        FanoutBatch inFlight = hub.newBatch();
        for (long seq = 1; seq <= 2; seq++) {
            hub.offer(msg("/a/1", 1, seq, 100 + seq, clock.millis(), "m" + seq), inFlight);
        }
        Hub.Registration reg =
                hub.subscribe(
                        recorder,
                        loop,
                        SubscriptionRequest.resume(A, new Position(1, 0)),
                        BIG_BUDGET);
        assertThat(reg.recovery()).isEqualTo(Recovery.COMPLETE);
        assertThat(positions(reg.replay())).containsExactly(new Position(1, 1), new Position(1, 2));
        assertThat(inFlight.dispatch()).isTrue();
        channel.runPendingTasks();
        live(3);
        assertThat(recorder.delivered).containsExactly(new Position(1, 3));
        assertThat(recorder.gaps).isEmpty();
        assertThat(recorder.flushes).isEqualTo(1);
    }

    @Test
    void aLiveMessageAfterAHoleIsReportedAsAGapAndNotDelivered() {
        live(0);
        hub.subscribe(
                recorder, loop, SubscriptionRequest.resume(A, new Position(1, 0)), BIG_BUDGET);
        live(2); // the cache resets its proof on the hole; the subscription must not skip (1,1)
        assertThat(recorder.delivered).isEmpty();
        assertThat(recorder.gaps)
                .singleElement()
                .satisfies(
                        g -> {
                            assertThat(g.last()).isEqualTo(new Position(1, 0));
                            assertThat(g.next()).isEqualTo(new Position(1, 2));
                        });
        assertThat(recorder.flushes).isZero();
    }

    @Test
    void aCutReplayGoesOnLiveWithoutAFalseGap() {
        live(0, 1, 2, 3, 4);
        Hub.Registration reg =
                hub.subscribe(
                        recorder,
                        loop,
                        SubscriptionRequest.resume(A, new Position(1, 0)),
                        2 * CachedMessage.sizeBytes(A, 2));
        assertThat(reg.recovery()).isEqualTo(Recovery.PARTIAL);
        assertThat(positions(reg.replay())).containsExactly(new Position(1, 3), new Position(1, 4));
        live(5, 6);
        assertThat(recorder.delivered).containsExactly(new Position(1, 5), new Position(1, 6));
        assertThat(recorder.gaps).isEmpty();
    }

    @Test
    void anUnsubscribedSubscriberGetsNothingMore() {
        Hub.Registration reg =
                hub.subscribe(recorder, loop, SubscriptionRequest.live(A), BIG_BUDGET);
        live(0);
        hub.unsubscribe(reg.subscription(), loop);
        live(1);
        assertThat(recorder.delivered).containsExactly(new Position(1, 0));
    }
}
