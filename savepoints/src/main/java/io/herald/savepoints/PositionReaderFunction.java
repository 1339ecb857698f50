package io.herald.savepoints;

import io.herald.operators.SequencerFunction;
import io.herald.operators.SubjectPosition;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.util.Collector;

/**
 * Reads the sequencer's keyed {@link SequencerFunction#POSITION_STATE} with the sequencer's own
 * descriptor: one row per subject.
 *
 * <p>Emits exactly one row for every key it is given (a key of this state always has a value): the
 * State Processor API's keyed input in Flink 2.2 loses rows of later keys when {@code readKey}
 * emits nothing for a key, so filtering happens downstream ({@link SubjectPrefixFilter}).
 */
final class PositionReaderFunction extends KeyedStateReaderFunction<String, SubjectPositionRow> {
    private static final long serialVersionUID = 1L;

    private transient ValueState<SubjectPosition> position;

    @Override
    public void open(OpenContext openContext) {
        position = getRuntimeContext().getState(SequencerFunction.positionDescriptor());
    }

    @Override
    public void readKey(String subject, Context ctx, Collector<SubjectPositionRow> out)
            throws Exception {
        SubjectPosition p = position.value();
        if (p == null) {
            throw new IllegalStateException("subject " + subject + " has a key but no position");
        }
        out.collect(new SubjectPositionRow(subject, p.epoch, p.seq));
    }
}
