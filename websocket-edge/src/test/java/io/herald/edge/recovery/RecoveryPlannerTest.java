package io.herald.edge.recovery;

import static io.herald.edge.Messages.msg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.edge.TestClock;
import io.herald.edge.cache.CacheLimits;
import io.herald.edge.cache.CachedMessage;
import io.herald.edge.cache.MessageCache;
import io.herald.wire.Position;
import io.herald.wire.Subject;
import io.herald.wire.frame.ClientFrame.SubscriptionRequest;
import io.herald.wire.frame.Recovery;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryPlannerTest {
    private static final Subject A = Subject.parse("/a/1");

    /** What one of {@link #fill}'s messages ("m0", 2 bytes of content) counts. */
    private static final long ONE = CachedMessage.sizeBytes(A, 2);

    private final TestClock clock = new TestClock(1_000_000);
    private final MessageCache cache =
            new MessageCache(new CacheLimits(Duration.ofSeconds(180), 5, 1 << 20), clock);

    private void fill(long epoch, long fromSeq, long toSeq) {
        for (long s = fromSeq; s <= toSeq; s++) {
            cache.append(msg("/a/1", epoch, s, epoch * 1000 + s, clock.millis(), "m" + s));
        }
    }

    private RecoveryPlan resume(long epoch, long seq) {
        return RecoveryPlanner.plan(
                cache.log(A), SubscriptionRequest.resume(A, new Position(epoch, seq)));
    }

    private static List<Position> positions(RecoveryPlan p) {
        return p.replay().stream().map(CachedMessage::position).toList();
    }

    @Test
    void resumeFromACachedPositionIsCompleteAndReplaysWhatFollows() {
        fill(1, 0, 3);
        RecoveryPlan p = resume(1, 1);
        assertThat(p.recovery()).isEqualTo(Recovery.COMPLETE);
        assertThat(positions(p)).containsExactly(new Position(1, 2), new Position(1, 3));
        assertThat(p.head()).isEqualTo(new Position(1, 3));
    }

    @Test
    void resumeFromTheLastEvictedPositionIsComplete() {
        fill(1, 0, 6); // keeps 2..6, anchor (1,1)
        RecoveryPlan p = resume(1, 1);
        assertThat(p.recovery()).isEqualTo(Recovery.COMPLETE);
        assertThat(positions(p)).hasSize(5);
    }

    @Test
    void resumeFromAnEvictedPositionIsPartialAndStillReplaysTheCache() {
        fill(1, 0, 6);
        RecoveryPlan p = resume(1, 0);
        assertThat(p.recovery()).isEqualTo(Recovery.PARTIAL);
        assertThat(positions(p)).first().isEqualTo(new Position(1, 2));
    }

    @Test
    void resumeOnASubjectTheEdgeNeverSawIsPartial() {
        RecoveryPlan p = resume(1, 0);
        assertThat(p.recovery()).isEqualTo(Recovery.PARTIAL);
        assertThat(p.head()).isNull();
        assertThat(p.replay()).isEmpty();
    }

    @Test
    void resumeBeforeTheFirstObservedMessageOfAnEpochIsPartial() {
        fill(4, 0, 2); // the edge started here: nothing before (4,0) is provable
        assertThat(resume(3, 99).recovery()).isEqualTo(Recovery.PARTIAL);
    }

    @Test
    void resumeFromAnUnseenPositionInsideTheCachedRangeIsPartial() {
        fill(1, 0, 1);
        fill(2, 0, 1);
        // (1,7) would sort between (1,1) and (2,0) but the edge never saw it.
        assertThat(resume(1, 7).recovery()).isEqualTo(Recovery.PARTIAL);
    }

    @Test
    void resumeBeyondTheHeadIsCompleteWithNothingToReplay() {
        fill(1, 0, 2);
        RecoveryPlan p = resume(1, 9);
        assertThat(p.recovery()).isEqualTo(Recovery.COMPLETE);
        assertThat(p.replay()).isEmpty();
        assertThat(p.cursor().advance(new Position(1, 3))).isFalse();
    }

    @Test
    void resumeAfterAllExpiredFromTheHeadIsComplete() {
        fill(1, 0, 2);
        clock.advance(Duration.ofSeconds(181));
        cache.expire();
        RecoveryPlan p = resume(1, 2);
        assertThat(p.recovery()).isEqualTo(Recovery.COMPLETE);
        assertThat(resume(1, 1).recovery()).isEqualTo(Recovery.PARTIAL);
    }

    @Test
    void historyReplaysTheLastNAndSaysNone() {
        fill(1, 0, 4);
        RecoveryPlan p = RecoveryPlanner.plan(cache.log(A), SubscriptionRequest.history(A, 2));
        assertThat(p.recovery()).isEqualTo(Recovery.NONE);
        assertThat(positions(p)).containsExactly(new Position(1, 3), new Position(1, 4));
    }

    @Test
    void liveOnlyStartsAfterTheHead() {
        fill(1, 0, 4);
        RecoveryPlan p = RecoveryPlanner.plan(cache.log(A), SubscriptionRequest.live(A));
        assertThat(p.recovery()).isEqualTo(Recovery.NONE);
        assertThat(p.replay()).isEmpty();
        assertThat(p.cursor().advance(new Position(1, 4))).isFalse();
        assertThat(p.cursor().advance(new Position(1, 5))).isTrue();
    }

    @Test
    void aReplayOverTheBudgetKeepsItsNewestPartAndIsPartial() {
        fill(1, 0, 4); // "m0".."m4": 2 bytes of content each
        RecoveryPlan full = resume(1, 0);
        RecoveryPlan cut = full.limitTo(2 * ONE + 50);
        assertThat(cut.recovery()).isEqualTo(Recovery.PARTIAL);
        assertThat(positions(cut)).containsExactly(new Position(1, 3), new Position(1, 4));
        // The hole before the first kept message is expected; after it, holes are not.
        assertThat(cut.cursor().advance(new Position(1, 3))).isTrue();
        assertThat(cut.cursor().advance(new Position(1, 4))).isTrue();
        assertThatThrownBy(() -> cut.cursor().advance(new Position(1, 6)))
                .isInstanceOf(SequenceGapException.class);
    }

    @Test
    void aReplayWithinTheBudgetIsLeftAsPlanned() {
        fill(1, 0, 4);
        RecoveryPlan full = resume(1, 0);
        assertThat(full.limitTo(4 * ONE)).isSameAs(full);
    }

    @Test
    void cuttingAHistoryKeepsItsNone() {
        fill(1, 0, 4);
        RecoveryPlan p =
                RecoveryPlanner.plan(cache.log(A), SubscriptionRequest.history(A, 3)).limitTo(ONE);
        assertThat(p.recovery()).isEqualTo(Recovery.NONE);
        assertThat(positions(p)).containsExactly(new Position(1, 4));
    }
}
