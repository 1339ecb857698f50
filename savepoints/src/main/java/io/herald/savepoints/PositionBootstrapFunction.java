package io.herald.savepoints;

import io.herald.operators.PublishedPosition;
import io.herald.operators.SequencerFunction;
import io.herald.operators.SubjectPosition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.state.api.functions.KeyedStateBootstrapFunction;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Writes the sequencer's state for uid {@link SequencerFunction#UID}: each subject's {@link
 * SequencerFunction#POSITION_STATE} and, with a de-duplication window, its publish ids ({@link
 * SequencerFunction#publishedIdsDescriptor}, with the job's TTL: each entry lives one window from
 * the rebuild), and, from every writing subtask, the union {@link SequencerFunction#EPOCH_STATE}
 * value {@code highestEpoch}. The restored job's incarnation floor is then {@code max(highestEpoch
 * + 1, now)}: every subject continues in an epoch above every epoch that was written.
 *
 * <p>Both states live in one operator (the union state through {@link CheckpointedFunction}, which
 * the State Processor API's bootstrap operator calls like any stream operator would), exactly as
 * the sequencer keeps them.
 */
final class PositionBootstrapFunction extends KeyedStateBootstrapFunction<String, RebuiltSubject>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private final long highestEpoch;
    private final Duration dedupWindow;
    private transient ValueState<SubjectPosition> position;
    private transient MapState<String, PublishedPosition> publishedIds;
    private transient ListState<Long> issuedEpochs;

    /**
     * {@code highestEpoch} must be at least every epoch among the rows; {@code dedupWindow} is the
     * job's (zero: the job keeps no publish ids, and none are written).
     */
    PositionBootstrapFunction(long highestEpoch, Duration dedupWindow) {
        if (highestEpoch < 0) {
            throw new IllegalArgumentException("highestEpoch must be >= 0, was " + highestEpoch);
        }
        this.highestEpoch = highestEpoch;
        this.dedupWindow = dedupWindow;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        issuedEpochs =
                context.getOperatorStateStore()
                        .getUnionListState(SequencerFunction.epochDescriptor());
    }

    @Override
    public void open(OpenContext openContext) {
        position = getRuntimeContext().getState(SequencerFunction.positionDescriptor());
        if (!dedupWindow.isZero()) {
            publishedIds =
                    getRuntimeContext()
                            .getMapState(SequencerFunction.publishedIdsDescriptor(dedupWindow));
        }
    }

    @Override
    public void processElement(RebuiltSubject row, Context ctx) throws Exception {
        if (row.epoch > highestEpoch) {
            throw new IllegalStateException(
                    "row " + row + " is above the highest epoch " + highestEpoch);
        }
        position.update(new SubjectPosition(row.epoch, row.seq));
        if (publishedIds != null) {
            for (Map.Entry<String, PublishedPosition> e : row.publishedIds.entrySet()) {
                publishedIds.put(e.getKey(), e.getValue());
            }
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        issuedEpochs.update(List.of(highestEpoch));
    }
}
