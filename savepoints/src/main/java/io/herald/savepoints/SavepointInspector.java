package io.herald.savepoints;

import io.herald.operators.SequencerFunction;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Reads the sequencer's state (operator uid {@link SequencerFunction#UID}) from a savepoint or a
 * retained checkpoint with the State Processor API, using the sequencer's own state descriptors:
 * reading succeeds exactly when the current code can restore that state.
 *
 * <p>Reads with the RocksDB backend, the job's: savepoints of any backend (canonical format) and
 * the job's native RocksDB checkpoints, incremental ones included, are both readable.
 */
public final class SavepointInspector {

    private final StreamExecutionEnvironment env;

    /** Runs the read jobs on {@code env} (a local environment for the CLI). */
    public SavepointInspector(StreamExecutionEnvironment env) {
        this.env = env;
    }

    /** Reads the subjects under {@code subjectPrefix} (empty = all) and the issued epochs. */
    public Inspection inspect(String path, String subjectPrefix) throws Exception {
        List<SubjectPositionRow> subjects = new ArrayList<>();
        try (CloseableIterator<SubjectPositionRow> rows =
                reader(path)
                        .readKeyedState(
                                OperatorIdentifier.forUid(SequencerFunction.UID),
                                new PositionReaderFunction(),
                                Types.STRING,
                                TypeInformation.of(SubjectPositionRow.class))
                        .filter(new SubjectPrefixFilter(subjectPrefix))
                        .executeAndCollect("herald inspect positions")) {
            rows.forEachRemaining(subjects::add);
        }
        List<Long> epochs = new ArrayList<>();
        try (CloseableIterator<Long> values =
                reader(path)
                        .readUnionState(
                                OperatorIdentifier.forUid(SequencerFunction.UID),
                                SequencerFunction.EPOCH_STATE,
                                Types.LONG)
                        .executeAndCollect("herald inspect epochs")) {
            values.forEachRemaining(epochs::add);
        }
        return new Inspection(path, subjectPrefix, subjects, epochs);
    }

    private SavepointReader reader(String path) throws java.io.IOException {
        return SavepointReader.read(env, path, new EmbeddedRocksDBStateBackend());
    }
}
