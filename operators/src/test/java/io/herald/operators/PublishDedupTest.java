package io.herald.operators;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

/**
 * The de-duplication window ({@code --dedup-window}): a repeat of a {@code (publisher, message-id)}
 * within the window takes no position and is answered with the original's sequenced record; outside
 * the window it is a new message; the window's state holds only the last window's ids. Checked on
 * the output and on the state itself.
 */
class PublishDedupTest {

    private static final long T0 = 1_750_000_000_000_000L;
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final long START_MS = 1_000_000L;

    @Test
    void aRepeatWithinTheWindowTakesNoPositionAndReportsTheOriginal() throws Exception {
        TestClock clock = new TestClock(T0);
        SequencerInstance s = SequencerInstance.withDedup(clock, WINDOW, START_MS, null, true);
        s.process(publish(0, "m-1", "alice"));
        clock.advance(2_000_000);
        s.ttlTime(START_MS + WINDOW.toMillis() - 1);
        s.process(publish(1, "m-2", "alice"));
        s.process(publish(2, "m-1", "alice"));
        s.process(publish(3, "m-3", "alice"));

        List<SequencedRecord> out = s.output();
        assertThat(out).hasSize(4);
        SequencedRecord first = out.get(0);
        SequencedRecord repeat = out.get(2);
        assertThat(repeat.epoch()).isEqualTo(first.epoch());
        assertThat(repeat.seq()).isEqualTo(first.seq()).isZero();
        assertThat(repeat.source()).as("the original's source").isEqualTo("demo:0:0");
        assertThat(repeat.timestamp()).isEqualTo(first.timestamp()).isEqualTo(T0 / 1_000);
        assertThat(repeat.messageId()).isEqualTo("m-1");
        assertThat(out.get(1).seq()).isEqualTo(1);
        assertThat(out.get(3).seq()).as("the repeat took no seq: no gap").isEqualTo(2);
        assertThat(s.stored("/demo/room")).isEqualTo(new SubjectPosition(first.epoch(), 2));
        s.harness().close();
    }

    @Test
    void theSameIdFromAnotherPublisherOrOnAnotherSubjectIsANewMessage() throws Exception {
        SequencerInstance s =
                SequencerInstance.withDedup(new TestClock(T0), WINDOW, START_MS, null, true);
        s.process(publish(0, "m-1", "alice"));
        s.process(publish(1, "m-1", "bob"));
        s.process(publish(2, "m-1", null));
        s.process(TestRecords.source("demo", 0, 3, "other".getBytes(UTF_8), "m-1", "alice"));

        assertThat(s.output())
                .extracting(SequencedRecord::subject, SequencedRecord::seq)
                .containsExactly(
                        tuple("/demo/room", 0L),
                        tuple("/demo/room", 1L),
                        tuple("/demo/room", 2L),
                        tuple("/demo/other", 0L));
        s.harness().close();
    }

    @Test
    void aRepeatAfterTheWindowIsANewMessage() throws Exception {
        SequencerInstance s =
                SequencerInstance.withDedup(new TestClock(T0), WINDOW, START_MS, null, true);
        s.process(publish(0, "m-1", "alice"));
        s.ttlTime(START_MS + WINDOW.toMillis() + 1);
        s.process(publish(1, "m-1", "alice"));

        List<SequencedRecord> out = s.output();
        assertThat(out).extracting(SequencedRecord::seq).containsExactly(0L, 1L);
        assertThat(out.get(1).source()).isEqualTo("demo:0:1");
        PublishedPosition remembered = s.publishedIds("/demo/room", WINDOW).get(key("m-1"));
        assertThat(remembered).as("the window now refers to the second copy").isNotNull();
        assertThat(remembered.seq).isEqualTo(1);
        s.harness().close();
    }

    @Test
    void theWindowSurvivesARestoreAndStillAnswersWithTheOriginal() throws Exception {
        TestClock clock = new TestClock(T0);
        SequencerInstance before = SequencerInstance.withDedup(clock, WINDOW, START_MS, null, true);
        before.process(publish(0, "m-1", "alice"));
        SequencedRecord first = before.output().get(0);
        OperatorSubtaskState snapshot = before.snapshotAndClose();

        clock.advance(5_000_000);
        SequencerInstance after =
                SequencerInstance.withDedup(clock, WINDOW, START_MS + 1_000, snapshot, true);
        after.process(publish(1, "m-1", "alice"));
        after.process(publish(2, "m-2", "alice"));

        List<SequencedRecord> out = after.output();
        assertThat(out.get(0).epoch()).isEqualTo(first.epoch());
        assertThat(out.get(0).seq()).isEqualTo(first.seq());
        assertThat(out.get(0).source()).isEqualTo("demo:0:0");
        assertThat(out.get(1).epoch())
                .as("a new message after a restore: new epoch")
                .isEqualTo(after.function().floor());
        assertThat(out.get(1).seq()).isZero();
        after.harness().close();
    }

    @Test
    void theStateHoldsOnlyTheLastWindowOfIds() throws Exception {
        Duration window = Duration.ofSeconds(60);
        long step = 1_000;
        SequencerInstance s =
                SequencerInstance.withDedup(new TestClock(T0), window, START_MS, null, false);
        int published = 600;
        for (int i = 0; i < published; i++) {
            s.ttlTime(START_MS + i * step);
            s.process(publish(i, "m-" + i, "alice"));
        }
        // Back to the start, nothing held is expired: what is still held was not removed.
        s.ttlTime(START_MS);
        int held = 0;
        for (var ignored : s.publishedIds("/demo/room", window).entries()) {
            held++;
        }
        assertThat(held)
                .as("ids held after %d publishes, one per second, with a 60 s window", published)
                .isLessThanOrEqualTo((int) (window.toMillis() / step) + 1)
                .isGreaterThan(0);
        s.harness().close();
    }

    private static SourceRecord publish(long offset, String messageId, String publisher) {
        return TestRecords.source("demo", 0, offset, "room".getBytes(UTF_8), messageId, publisher);
    }

    private static String key(String messageId) {
        return PublishedIds.key("alice", messageId);
    }
}
