package io.herald.job;

import io.herald.operators.SequencedRecord;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * A pass-through stage that throws once per test run, so Flink fails the job and restores it from
 * the last completed checkpoint. It arms when a checkpoint completes after it saw records, then
 * throws after {@code recordsAfterArming} more records in one subtask. The flags live in static
 * maps keyed by run id: the MiniCluster runs in the test JVM, and the restored instances are new
 * objects that must not fail again.
 */
final class FailOnce implements MapFunction<SequencedRecord, SequencedRecord>, CheckpointListener {
    private static final long serialVersionUID = 1L;

    private static final ConcurrentHashMap<String, AtomicBoolean> ARMED = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, AtomicBoolean> FAILED =
            new ConcurrentHashMap<>();

    private final String runId;
    private final int recordsAfterArming;
    private transient long seen;
    private transient long seenWhenArmed = -1;

    FailOnce(String runId, int recordsAfterArming) {
        this.runId = runId;
        this.recordsAfterArming = recordsAfterArming;
        ARMED.put(runId, new AtomicBoolean());
        FAILED.put(runId, new AtomicBoolean());
    }

    /** Whether a checkpoint completed after records went through: time to feed the rest. */
    static boolean armed(String runId) {
        return ARMED.get(runId).get();
    }

    /** Whether the failure was thrown. */
    static boolean failed(String runId) {
        return FAILED.get(runId).get();
    }

    @Override
    public SequencedRecord map(SequencedRecord record) {
        seen++;
        if (ARMED.get(runId).get() && !FAILED.get(runId).get()) {
            if (seenWhenArmed < 0) {
                seenWhenArmed = seen;
            }
            if (seen - seenWhenArmed >= recordsAfterArming
                    && FAILED.get(runId).compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure, run " + runId);
            }
        }
        return record;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        if (seen > 0) {
            ARMED.get(runId).set(true);
        }
    }
}
