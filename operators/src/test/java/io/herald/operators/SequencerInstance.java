package io.herald.operators;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * One sequencer subtask in Flink's keyed operator harness, with its function for inspecting the
 * epoch bookkeeping and its keyed state for inspecting positions.
 */
record SequencerInstance(
        SequencerFunction function,
        KeyedOneInputStreamOperatorTestHarness<String, SourceRecord, SequencedRecord> harness,
        int parallelism,
        Optional<Duration> subjectStateTtl) {

    /** The job's max parallelism. */
    static final int MAX_PARALLELISM = 128;

    static SequencerInstance open(
            EpochClock clock, int parallelism, int subtask, OperatorSubtaskState restored)
            throws Exception {
        return open(clock, parallelism, subtask, restored, false);
    }

    static SequencerInstance open(
            EpochClock clock,
            int parallelism,
            int subtask,
            OperatorSubtaskState restored,
            boolean rocksDb)
            throws Exception {
        return open(
                clock, parallelism, subtask, restored, rocksDb, Optional.empty(), Duration.ZERO, 0);
    }

    /**
     * A subtask with a subject state TTL, on RocksDB, whose TTL clock (processing time, ms) starts
     * at {@code ttlTime}.
     */
    static SequencerInstance withTtl(
            EpochClock clock, Duration ttl, long ttlTime, OperatorSubtaskState restored)
            throws Exception {
        return open(clock, 1, 0, restored, true, Optional.of(ttl), Duration.ZERO, ttlTime);
    }

    /**
     * A subtask with a de-duplication window, on RocksDB or the heap backend, whose TTL clock
     * (processing time, ms) starts at {@code ttlTime}.
     */
    static SequencerInstance withDedup(
            EpochClock clock,
            Duration window,
            long ttlTime,
            OperatorSubtaskState restored,
            boolean rocksDb)
            throws Exception {
        return open(clock, 1, 0, restored, rocksDb, Optional.empty(), window, ttlTime);
    }

    private static SequencerInstance open(
            EpochClock clock,
            int parallelism,
            int subtask,
            OperatorSubtaskState restored,
            boolean rocksDb,
            Optional<Duration> ttl,
            Duration dedupWindow,
            long ttlTime)
            throws Exception {
        SequencerFunction function = new SequencerFunction(clock, ttl, dedupWindow);
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(function),
                        new SubjectKeySelector(),
                        Types.STRING,
                        MAX_PARALLELISM,
                        parallelism,
                        subtask);
        if (rocksDb) {
            harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        harness.setStateTtlProcessingTime(ttlTime);
        harness.setup();
        if (restored != null) {
            harness.initializeState(restored);
        }
        harness.open();
        return new SequencerInstance(function, harness, parallelism, ttl);
    }

    boolean owns(String subject) {
        return KeyGroupRangeAssignment.assignKeyToParallelOperator(
                        subject, MAX_PARALLELISM, parallelism)
                == harness.getEnvironment().getTaskInfo().getIndexOfThisSubtask();
    }

    void process(SourceRecord record) throws Exception {
        harness.processElement(record, 0L);
    }

    /** Sets the processing time (ms) that state TTL reads. */
    void ttlTime(long millis) {
        harness.setStateTtlProcessingTime(millis);
    }

    List<SequencedRecord> output() {
        return harness.extractOutputValues();
    }

    /** The subject's position state, read through the descriptor the function uses. */
    ValueState<SubjectPosition> positionState(String subject) throws Exception {
        KeyedStateBackend<Object> backend =
                ((AbstractStreamOperator<?>) harness.getOperator()).getKeyedStateBackend();
        backend.setCurrentKey(subject);
        ValueStateDescriptor<SubjectPosition> descriptor = SequencerFunction.positionDescriptor();
        subjectStateTtl.ifPresent(
                ttl -> descriptor.enableTimeToLive(SequencerFunction.positionTtl(ttl)));
        return backend.getPartitionedState(
                VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor);
    }

    /** The subject's de-duplication window, read through the descriptor the function uses. */
    MapState<String, PublishedPosition> publishedIds(String subject, Duration window)
            throws Exception {
        KeyedStateBackend<Object> backend =
                ((AbstractStreamOperator<?>) harness.getOperator()).getKeyedStateBackend();
        backend.setCurrentKey(subject);
        return backend.getPartitionedState(
                VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE,
                PublishedIds.descriptor(window));
    }

    /** Takes a checkpoint's snapshot and stops, as a failing or stopping job does. */
    OperatorSubtaskState snapshotAndClose() throws Exception {
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();
        return snapshot;
    }

    SubjectPosition stored(String subject) throws Exception {
        return positionState(subject).value();
    }
}
