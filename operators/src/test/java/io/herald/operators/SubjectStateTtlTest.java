package io.herald.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

/**
 * {@code --subject-state-ttl}: a subject idle for longer than the TTL loses its position state, and
 * when it comes back it starts a new epoch above every epoch ever issued, because the union state
 * ({@code max-issued-epoch}) remembers what the expired keyed state forgot. The epoch clock is set
 * backwards in each test, so that only the union state can keep the epoch rising.
 */
class SubjectStateTtlTest {

    private static final long T0 = 1_750_000_000_000_000L;
    private static final Duration TTL = Duration.ofHours(1);
    private static final long START_MS = 1_000_000L;

    @Test
    void anIdleSubjectLosesItsStateAndComesBackAboveEveryEpochIssued() throws Exception {
        TestClock clock = new TestClock(T0);
        SequencerInstance s = SequencerInstance.withTtl(clock, TTL, START_MS, null);
        s.process(TestRecords.source("demo", 0, 0, "a"));
        s.process(TestRecords.source("demo", 0, 1, "a"));
        s.process(TestRecords.source("demo", 0, 2, "b"));
        long epochOfA = s.stored("/demo/a").epoch;
        long epochOfB = s.stored("/demo/b").epoch;

        s.ttlTime(START_MS + TTL.toMillis() - 1);
        s.process(TestRecords.source("demo", 0, 3, "b"));
        s.ttlTime(START_MS + TTL.toMillis() + 1);
        clock.set(T0 - 10_000_000);
        long maxIssued = s.function().maxIssued();

        assertThat(s.stored("/demo/a")).as("idle for longer than the TTL").isNull();
        assertThat(s.stored("/demo/b"))
                .as("written within the TTL")
                .isEqualTo(new SubjectPosition(epochOfB, 1));

        s.process(TestRecords.source("demo", 0, 4, "a"));

        SubjectPosition renewed = s.stored("/demo/a");
        assertThat(renewed).isEqualTo(new SubjectPosition(maxIssued + 1, 0));
        assertThat(renewed.epoch).isGreaterThan(epochOfA).isGreaterThan(epochOfB);
        assertThat(s.function().maxIssued()).isEqualTo(renewed.epoch);
        s.harness().close();
    }

    @Test
    void stateRestoredIntoAJobWithTheTtlExpiresAndComesBackAboveEveryEpochIssued()
            throws Exception {
        TestClock clock = new TestClock(T0);
        SequencerInstance before = SequencerInstance.open(clock, 1, 0, null, true);
        for (int i = 0; i < 20; i++) {
            before.process(TestRecords.source("demo", 0, i, "s" + i));
        }
        before.process(TestRecords.source("demo", 0, 20, "s0"));
        SubjectPosition s0 = before.stored("/demo/s0");
        long maxIssued = before.function().maxIssued();
        OperatorSubtaskState snapshot = before.snapshotAndClose();

        // Restarted with the TTL switched on (the snapshot has no TTL) and the clock behind.
        clock.set(T0 - 60_000_000);
        SequencerInstance after = SequencerInstance.withTtl(clock, TTL, START_MS, snapshot);
        assertThat(after.stored("/demo/s0")).as("restored").isEqualTo(s0);
        assertThat(after.function().floor()).isEqualTo(maxIssued + 1);

        after.ttlTime(START_MS + TTL.toMillis() + 1);
        assertThat(after.stored("/demo/s0")).as("expired after the restore").isNull();
        after.process(TestRecords.source("demo", 0, 21, "s0"));

        SubjectPosition renewed = after.stored("/demo/s0");
        assertThat(renewed.seq).isZero();
        assertThat(renewed.epoch).isGreaterThan(after.function().floor()).isGreaterThan(maxIssued);
        after.harness().close();
    }

    @Test
    void turningTheTtlOffKeepsEveryUnexpiredPosition() throws Exception {
        TestClock clock = new TestClock(T0);
        SequencerInstance before = SequencerInstance.withTtl(clock, TTL, START_MS, null);
        before.process(TestRecords.source("demo", 0, 0, "a"));
        before.process(TestRecords.source("demo", 0, 1, "a"));
        SubjectPosition a = before.stored("/demo/a");
        OperatorSubtaskState snapshot = before.snapshotAndClose();

        SequencerInstance after = SequencerInstance.open(clock, 1, 0, snapshot, true);

        assertThat(after.stored("/demo/a")).isEqualTo(a);
        after.harness().close();
    }
}
