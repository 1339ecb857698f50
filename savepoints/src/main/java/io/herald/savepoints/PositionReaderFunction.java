package io.herald.savepoints;

import io.herald.operators.SequencerFunction;
import io.herald.operators.SubjectPosition;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.util.Collector;

/**
 * Reads the sequencer's keyed {@link SequencerFunction#POSITION_STATE} with the sequencer's own
 * descriptor: one row per subject that starts with the prefix and has a position.
 */
final class PositionReaderFunction extends KeyedStateReaderFunction<String, SubjectPositionRow> {
    private static final long serialVersionUID = 1L;

    private final String subjectPrefix;
    private transient ValueState<SubjectPosition> position;

    PositionReaderFunction(String subjectPrefix) {
        this.subjectPrefix = subjectPrefix;
    }

    @Override
    public void open(OpenContext openContext) {
        position = getRuntimeContext().getState(SequencerFunction.positionDescriptor());
    }

    @Override
    public void readKey(String subject, Context ctx, Collector<SubjectPositionRow> out)
            throws Exception {
        if (!subject.startsWith(subjectPrefix)) {
            return;
        }
        SubjectPosition p = position.value();
        if (p != null) {
            out.collect(new SubjectPositionRow(subject, p.epoch, p.seq));
        }
    }
}
