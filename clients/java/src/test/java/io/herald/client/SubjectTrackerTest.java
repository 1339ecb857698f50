package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.wire.Position;
import io.herald.wire.Subject;
import io.herald.wire.frame.ClientFrame.SubscriptionRequest;
import io.herald.wire.frame.EdgeFrame;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SubjectTrackerTest {

    private static final Subject A = Subject.parse("/chat/a");

    private final SubjectTracker tracker = new SubjectTracker();

    private static EdgeFrame.Message msg(long epoch, long seq) {
        return new EdgeFrame.Message(A, Position.of(epoch, seq), "m", 0, false);
    }

    @Test
    void deliversInOrderDropsDuplicatesAndFlagsGaps() {
        tracker.add(SubscriptionRequest.live(A), new CompletableFuture<>());
        assertThat(tracker.accept(msg(1, 5))).isEqualTo(SubjectTracker.Verdict.DELIVER);
        assertThat(tracker.accept(msg(1, 6))).isEqualTo(SubjectTracker.Verdict.DELIVER);
        assertThat(tracker.accept(msg(1, 6))).isEqualTo(SubjectTracker.Verdict.DUPLICATE);
        assertThat(tracker.accept(msg(1, 2))).isEqualTo(SubjectTracker.Verdict.DUPLICATE);
        assertThat(tracker.accept(msg(0, 99))).isEqualTo(SubjectTracker.Verdict.DUPLICATE);
        assertThat(tracker.accept(msg(1, 9))).isEqualTo(SubjectTracker.Verdict.GAP);
        assertThat(tracker.last(A)).isEqualTo(Position.of(1, 9));
        assertThat(tracker.accept(msg(2, 0))).isEqualTo(SubjectTracker.Verdict.DELIVER);
        assertThat(tracker.accept(msg(2, 3))).isEqualTo(SubjectTracker.Verdict.GAP);
    }

    @Test
    void acceptsAGreaterEpochPastSeqZeroAsTheLowLatencyModeDelivers() {
        tracker.add(SubscriptionRequest.live(A), new CompletableFuture<>());
        assertThat(tracker.accept(msg(1, 5))).isEqualTo(SubjectTracker.Verdict.DELIVER);
        assertThat(tracker.accept(msg(3, 4))).isEqualTo(SubjectTracker.Verdict.DELIVER);
        assertThat(tracker.accept(msg(3, 5))).isEqualTo(SubjectTracker.Verdict.DELIVER);
        assertThat(tracker.accept(msg(3, 7))).isEqualTo(SubjectTracker.Verdict.GAP);
    }

    @Test
    void resumesAfterTheLastDeliveredPositionOrTheRequestedOne() {
        SubjectTracker.Entry live =
                tracker.add(SubscriptionRequest.live(A), new CompletableFuture<>());
        assertThat(live.resumeRequest()).isEqualTo(SubscriptionRequest.live(A));
        tracker.accept(new EdgeFrame.Message(A, Position.of(4, 7), "", 1_764_633_600_000L, false));
        assertThat(live.resumeRequest())
                .as("the position and the timestamp of the last message delivered")
                .isEqualTo(SubscriptionRequest.resume(A, Position.of(4, 7), 1_764_633_600_000L));

        Subject b = Subject.parse("/b");
        SubjectTracker.Entry resumed =
                tracker.add(
                        SubscriptionRequest.resume(b, Position.of(2, 3)),
                        new CompletableFuture<>());
        assertThat(resumed.resumeRequest())
                .isEqualTo(SubscriptionRequest.resume(b, Position.of(2, 3)));
        EdgeFrame.Message old = new EdgeFrame.Message(b, Position.of(2, 3), "", 0, true);
        assertThat(tracker.accept(old)).isEqualTo(SubjectTracker.Verdict.DUPLICATE);

        Subject c = Subject.parse("/c");
        SubjectTracker.Entry history =
                tracker.add(SubscriptionRequest.history(c, 10), new CompletableFuture<>());
        assertThat(history.resumeRequest()).isEqualTo(SubscriptionRequest.history(c, 10));
    }

    @Test
    void refusesASecondSubscriptionAndIgnoresUnsubscribedSubjects() {
        assertThat(tracker.add(SubscriptionRequest.live(A), new CompletableFuture<>())).isNotNull();
        assertThat(tracker.add(SubscriptionRequest.live(A), new CompletableFuture<>())).isNull();
        tracker.remove(A);
        assertThat(tracker.accept(msg(1, 1))).isEqualTo(SubjectTracker.Verdict.NOT_SUBSCRIBED);
    }

    @Test
    void findsSubscriptionsByTheirLatestRequestIdOnly() {
        SubjectTracker.Entry e =
                tracker.add(SubscriptionRequest.live(A), new CompletableFuture<>());
        tracker.sent(e, "s1");
        tracker.sent(e, "s2");
        assertThat(tracker.byRequestId("s1")).isNull();
        assertThat(tracker.byRequestId("s2")).isSameAs(e);
        tracker.connectionLost();
        assertThat(tracker.byRequestId("s2")).isNull();
    }
}
