package io.herald.savepoints;

import io.herald.operators.PublishedPosition;
import io.herald.operators.SequencerFunction;
import io.herald.wire.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.state.api.StateBootstrapTransformation;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Writes a new savepoint holding only the sequencer's state (uid {@link SequencerFunction#UID}):
 * the given last position of each subject, optionally the publish ids of its de-duplication window,
 * and the union epoch state set to the highest epoch among them. The other operators (Kafka source,
 * sinks) have no state in it: the job restores it with the source resuming from its consumer
 * group's committed offsets.
 */
public final class SavepointRebuilder {

    private final StreamExecutionEnvironment env;

    /** Runs the write job on {@code env}, which should be in BATCH mode. */
    public SavepointRebuilder(StreamExecutionEnvironment env) {
        this.env = env;
    }

    /**
     * Writes the savepoint to {@code output} (a directory that must not exist) with {@code
     * maxParallelism} key groups and no publish ids, and returns the epoch written to the union
     * state.
     */
    public long write(Map<String, Position> positions, String output, int maxParallelism)
            throws Exception {
        return write(positions, Map.of(), Duration.ZERO, output, maxParallelism);
    }

    /**
     * As {@link #write(Map, String, int)}, also writing each subject's {@code publishedIds} (by
     * {@link SequencerFunction#publishedIdKey}) into the de-duplication state of a job whose window
     * is {@code dedupWindow} (zero: none written).
     */
    public long write(
            Map<String, Position> positions,
            Map<String, Map<String, PublishedPosition>> publishedIds,
            Duration dedupWindow,
            String output,
            int maxParallelism)
            throws Exception {
        if (positions.isEmpty()) {
            throw new IllegalArgumentException("no subject positions to write");
        }
        long highest = 0;
        List<RebuiltSubject> rows = new ArrayList<>(positions.size());
        for (Map.Entry<String, Position> e : positions.entrySet()) {
            Position p = e.getValue();
            rows.add(
                    new RebuiltSubject(
                            e.getKey(),
                            p.epoch(),
                            p.seq(),
                            publishedIds.getOrDefault(e.getKey(), Map.of())));
            highest = Math.max(highest, p.epoch());
        }
        DataStream<RebuiltSubject> input =
                env.fromData(rows, TypeInformation.of(RebuiltSubject.class));
        StateBootstrapTransformation<RebuiltSubject> sequencer =
                OperatorTransformation.bootstrapWith(input)
                        .keyBy(r -> r.subject, Types.STRING)
                        .transform(new PositionBootstrapFunction(highest, dedupWindow));
        SavepointWriter.newSavepoint(env, new EmbeddedRocksDBStateBackend(), maxParallelism)
                .withOperator(OperatorIdentifier.forUid(SequencerFunction.UID), sequencer)
                .write(output);
        env.execute("herald rebuild savepoint");
        return highest;
    }
}
