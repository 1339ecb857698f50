package io.herald.operators;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.wire.Position;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class SequencerFunctionTest {

    private static final long T0 = 1_750_000_000_000_000L;

    @Test
    void numbersEachSubjectsMessagesFromZeroWithinOneEpoch() throws Exception {
        SequencerInstance s = SequencerInstance.open(new TestClock(T0), 1, 0, null);
        for (int i = 0; i < 3; i++) {
            s.process(TestRecords.source("stocks", 0, 2L * i, "NYSE/IBM"));
            s.process(TestRecords.source("stocks", 0, 2L * i + 1, "NYSE/AAPL"));
        }

        Map<String, List<Position>> bySubject = positionsBySubject(s.output());
        assertThat(bySubject.keySet())
                .containsExactlyInAnyOrder("/stocks/NYSE/IBM", "/stocks/NYSE/AAPL");
        for (List<Position> positions : bySubject.values()) {
            long epoch = positions.get(0).epoch();
            assertThat(positions)
                    .containsExactly(
                            Position.of(epoch, 0), Position.of(epoch, 1), Position.of(epoch, 2));
            assertThat(epoch).isGreaterThan(s.function().floor());
        }
        assertThat(s.stored("/stocks/NYSE/IBM"))
                .isEqualTo(
                        new SubjectPosition(bySubject.get("/stocks/NYSE/IBM").get(0).epoch(), 2));
        assertThat(s.harness().numKeyedStateEntries()).isEqualTo(2);
    }

    @Test
    void passesContentMessageIdAndPublisherThroughAndStampsTheTime() throws Exception {
        TestClock clock = new TestClock(T0 + 123_456);
        SequencerInstance s = SequencerInstance.open(clock, 1, 0, null);
        s.process(TestRecords.source("chat", 2, 7, "room-1".getBytes(UTF_8), "m-42", "alice"));
        s.process(TestRecords.source("chat", 2, 8, null));

        List<SequencedRecord> out = s.output();
        assertThat(out).hasSize(2);
        SequencedRecord first = out.get(0);
        assertThat(first.subject()).isEqualTo("/chat/room-1");
        assertThat(first.content()).isEqualTo("content-7".getBytes(UTF_8));
        assertThat(first.source()).isEqualTo("chat:2:7");
        assertThat(first.messageId()).isEqualTo("m-42");
        assertThat(first.publisher()).isEqualTo("alice");
        assertThat(first.timestamp()).isEqualTo((T0 + 123_456) / 1_000);
        SequencedRecord nullKey = out.get(1);
        assertThat(nullKey.subject()).isEqualTo("/chat");
        assertThat(nullKey.messageId()).isNull();
        assertThat(nullKey.publisher()).isNull();
    }

    @Test
    void restoredSubjectsContinueInAGreaterEpochFromSeqZero() throws Exception {
        TestClock clock = new TestClock(T0);
        SequencerInstance before = SequencerInstance.open(clock, 1, 0, null);
        before.process(TestRecords.source("demo", 0, 0, "a"));
        before.process(TestRecords.source("demo", 0, 1, "a"));
        long oldEpoch = before.stored("/demo/a").epoch;
        OperatorSubtaskState snapshot = before.snapshotAndClose();

        clock.advance(5_000_000);
        SequencerInstance after = SequencerInstance.open(clock, 1, 0, snapshot);
        assertThat(after.stored("/demo/a")).isEqualTo(new SubjectPosition(oldEpoch, 1));
        after.process(TestRecords.source("demo", 0, 2, "a"));
        after.process(TestRecords.source("demo", 0, 3, "a"));

        long floor = after.function().floor();
        assertThat(floor).isGreaterThan(oldEpoch).isEqualTo(T0 + 5_000_000);
        assertThat(positions(after.output()))
                .containsExactly(Position.of(floor, 0), Position.of(floor, 1));
        assertThat(after.stored("/demo/a")).isEqualTo(new SubjectPosition(floor, 1));
    }

    @Test
    void newEpochExceedsEveryRestoredEpochEvenWhenTheClockIsBehind() throws Exception {
        TestClock clock = new TestClock(T0);
        SequencerInstance before = SequencerInstance.open(clock, 1, 0, null);
        for (int i = 0; i < 50; i++) {
            before.process(TestRecords.source("demo", 0, i, "s" + i));
        }
        long maxIssued = before.function().maxIssued();
        assertThat(maxIssued).isEqualTo(T0 + 50);
        OperatorSubtaskState snapshot = before.snapshotAndClose();

        clock.set(T0 - 60_000_000);
        SequencerInstance after = SequencerInstance.open(clock, 1, 0, snapshot);
        assertThat(after.function().floor()).isEqualTo(maxIssued + 1);
        after.process(TestRecords.source("demo", 0, 50, "s49"));
        after.process(TestRecords.source("demo", 0, 51, "brand-new"));

        List<SequencedRecord> out = after.output();
        assertThat(out.get(0).epoch()).isEqualTo(maxIssued + 1);
        assertThat(out.get(1).epoch()).isEqualTo(maxIssued + 2);
        assertThat(out).allSatisfy(r -> assertThat(r.seq()).isZero());
    }

    @Test
    void subjectWhoseStateIsLostGetsAGreaterEpochWithinTheSameIncarnation() throws Exception {
        TestClock frozen = new TestClock(T0);
        SequencerInstance s = SequencerInstance.open(frozen, 1, 0, null);
        s.process(TestRecords.source("demo", 0, 0, "a"));
        s.process(TestRecords.source("demo", 0, 1, "b"));
        s.process(TestRecords.source("demo", 0, 2, "a"));
        long firstEpoch = s.stored("/demo/a").epoch;

        s.positionState("/demo/a").clear();
        assertThat(s.stored("/demo/a")).isNull();
        s.process(TestRecords.source("demo", 0, 3, "a"));

        SubjectPosition renewed = s.stored("/demo/a");
        assertThat(renewed.seq).isZero();
        assertThat(renewed.epoch)
                .isGreaterThan(firstEpoch)
                .isGreaterThan(s.stored("/demo/b").epoch);
        assertThat(s.function().maxIssued()).isEqualTo(renewed.epoch);
    }

    @Test
    void subjectWhoseStateIsLostAcrossARestoreGetsAGreaterEpoch() throws Exception {
        TestClock clock = new TestClock(T0);
        SequencerInstance before = SequencerInstance.open(clock, 1, 0, null);
        before.process(TestRecords.source("demo", 0, 0, "a"));
        before.process(TestRecords.source("demo", 0, 1, "b"));
        long epochOfA = before.stored("/demo/a").epoch;
        OperatorSubtaskState snapshot = before.snapshotAndClose();

        clock.set(T0 - 1);
        SequencerInstance after = SequencerInstance.open(clock, 1, 0, snapshot);
        after.positionState("/demo/a").clear();
        after.process(TestRecords.source("demo", 0, 2, "a"));
        after.process(TestRecords.source("demo", 0, 3, "b"));

        long floor = after.function().floor();
        assertThat(after.stored("/demo/a").epoch).isGreaterThan(floor).isGreaterThan(epochOfA);
        assertThat(after.stored("/demo/b")).isEqualTo(new SubjectPosition(floor, 0));
    }

    @Test
    void seqAtTheJavaScriptLimitStartsAFreshEpoch() throws Exception {
        SequencerInstance s = SequencerInstance.open(new TestClock(T0), 1, 0, null);
        s.process(TestRecords.source("demo", 0, 0, "a"));
        long epoch = s.stored("/demo/a").epoch;
        s.positionState("/demo/a").update(new SubjectPosition(epoch, Position.MAX_SAFE));

        s.process(TestRecords.source("demo", 0, 1, "a"));

        SubjectPosition next = s.stored("/demo/a");
        assertThat(next.epoch).isGreaterThan(epoch);
        assertThat(next.seq).isZero();
    }

    @Test
    void refusesToIssueAnEpochBeyondTheJavaScriptSafeRange() {
        assertThatThrownBy(
                        () ->
                                SequencerInstance.open(
                                        new TestClock(Position.MAX_SAFE + 1), 1, 0, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2^53-1");
    }

    @Test
    void rescaleOneToThreeToTwoKeepsEverySubjectsEpochsIncreasing() throws Exception {
        TestClock clock = new TestClock(T0);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            keys.add("key-" + i);
        }
        Map<String, List<Position>> history = new HashMap<>();
        long offset = 0;

        SequencerInstance one = SequencerInstance.open(clock, 1, 0, null, true);
        for (int round = 0; round < 3; round++) {
            for (String key : keys.subList(0, 30)) {
                one.process(TestRecords.source("demo", 0, offset++, key));
            }
        }
        record(history, one.output());
        OperatorSubtaskState fromOne = one.harness().snapshot(1, 1);
        long maxAfterOne = one.function().maxIssued();
        one.harness().close();

        // Three subtasks; the clock went backwards, so only the union state keeps epochs rising.
        clock.set(T0 - 1_000_000);
        List<SequencerInstance> three = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            three.add(
                    SequencerInstance.open(
                            clock,
                            3,
                            i,
                            AbstractStreamOperatorTestHarness.repartitionOperatorState(
                                    fromOne, SequencerInstance.MAX_PARALLELISM, 1, 3, i),
                            true));
        }
        List<String> restoredOnThree = new ArrayList<>();
        for (SequencerInstance s : three) {
            for (String key : keys) {
                if (s.owns("/demo/" + key) && s.stored("/demo/" + key) != null) {
                    restoredOnThree.add(key);
                }
            }
        }
        assertThat(restoredOnThree).hasSize(30);
        assertThat(three)
                .allSatisfy(s -> assertThat(s.function().floor()).isEqualTo(maxAfterOne + 1));
        for (int round = 0; round < 2; round++) {
            for (String key : keys) {
                ownerOf(three, "/demo/" + key)
                        .process(TestRecords.source("demo", 0, offset++, key));
            }
        }
        List<OperatorSubtaskState> snapshots = new ArrayList<>();
        long maxAfterThree = 0;
        for (SequencerInstance s : three) {
            record(history, s.output());
            snapshots.add(s.harness().snapshot(2, 2));
            maxAfterThree = Math.max(maxAfterThree, s.function().maxIssued());
            s.harness().close();
        }
        long floorAfterThree = maxAfterThree + 1;
        OperatorSubtaskState fromThree =
                AbstractStreamOperatorTestHarness.repackageState(
                        snapshots.toArray(new OperatorSubtaskState[0]));

        List<SequencerInstance> two = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            two.add(
                    SequencerInstance.open(
                            clock,
                            2,
                            i,
                            AbstractStreamOperatorTestHarness.repartitionOperatorState(
                                    fromThree, SequencerInstance.MAX_PARALLELISM, 3, 2, i),
                            true));
        }
        assertThat(two)
                .allSatisfy(s -> assertThat(s.function().floor()).isEqualTo(floorAfterThree));
        for (String key : keys) {
            SequencerInstance owner = ownerOf(two, "/demo/" + key);
            assertThat(owner.stored("/demo/" + key)).as("restored state of %s", key).isNotNull();
            owner.process(TestRecords.source("demo", 0, offset++, key));
        }
        for (SequencerInstance s : two) {
            record(history, s.output());
            s.harness().close();
        }

        assertThat(history).hasSize(40);
        history.forEach(
                (subject, positions) -> {
                    for (int i = 1; i < positions.size(); i++) {
                        assertThat(positions.get(i - 1).isFollowedBy(positions.get(i)))
                                .as(
                                        "%s: %s then %s",
                                        subject, positions.get(i - 1), positions.get(i))
                                .isTrue();
                    }
                });
        assertThat(history.get("/demo/key-0")).hasSize(6);
        assertThat(history.get("/demo/key-39")).hasSize(3);
        assertThat(history.get("/demo/key-0").stream().map(Position::epoch).distinct()).hasSize(3);
    }

    @Test
    void invalidRecordsGoToDeadLettersWithTheReasonAndLeaveNoState() throws Exception {
        SequencerInstance s = SequencerInstance.open(new TestClock(T0), 1, 0, null);
        s.process(TestRecords.source("demo", 1, 10, new byte[] {(byte) 0xff, 0x41}, "m-1", "bob"));
        s.process(TestRecords.source("demo", 1, 11, "a//b"));
        s.process(TestRecords.source("demo", 2, 12, "tab\there"));
        s.process(TestRecords.source("demo", 1, 13, "fine"));

        List<SourceRecord> dead =
                s.harness().getSideOutput(SequencerFunction.DEAD_LETTERS).stream()
                        .map(StreamRecord::getValue)
                        .toList();
        assertThat(dead)
                .extracting(SourceRecord::source)
                .containsExactly("demo:1:10", "demo:1:11", "demo:2:12");
        assertThat(dead)
                .extracting(SourceRecord::error)
                .containsExactly(
                        "key is not valid UTF-8", "empty segment", "control character U+0009");
        assertThat(dead.get(0).key()).isEqualTo(new byte[] {(byte) 0xff, 0x41});
        assertThat(dead.get(0).messageId()).isEqualTo("m-1");
        assertThat(dead.get(0).publisher()).isEqualTo("bob");
        assertThat(s.output()).extracting(SequencedRecord::subject).containsExactly("/demo/fine");
        assertThat(s.harness().numKeyedStateEntries()).isEqualTo(1);
    }

    @Test
    void invalidRecordsAreKeyedByTheirSourcePartition() {
        SubjectKeySelector selector = new SubjectKeySelector();
        assertThat(selector.getKey(TestRecords.source("demo", 3, 1, "a//b"))).isEqualTo("!demo:3");
        assertThat(selector.getKey(TestRecords.source("demo", 3, 2, "ok"))).isEqualTo("/demo/ok");
    }

    private static SequencerInstance ownerOf(List<SequencerInstance> instances, String subject) {
        return instances.stream().filter(s -> s.owns(subject)).findFirst().orElseThrow();
    }

    private static List<Position> positions(List<SequencedRecord> records) {
        return records.stream().map(r -> Position.of(r.epoch(), r.seq())).toList();
    }

    private static Map<String, List<Position>> positionsBySubject(List<SequencedRecord> records) {
        Map<String, List<Position>> bySubject = new HashMap<>();
        record(bySubject, records);
        return bySubject;
    }

    private static void record(Map<String, List<Position>> history, List<SequencedRecord> records) {
        for (SequencedRecord r : records) {
            history.computeIfAbsent(r.subject(), k -> new ArrayList<>())
                    .add(Position.of(r.epoch(), r.seq()));
        }
    }
}
