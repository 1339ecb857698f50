package io.herald.savepoints;

import io.herald.job.TestSequencer;
import io.herald.testing.EmbeddedKafka;
import java.nio.file.Path;

/** The sequencer job as the savepoint ITs run it. */
final class SequencerRun {

    private SequencerRun() {}

    /**
     * The job named {@code name} at {@code parallelism}, with the consumer group ({@code
     * name-sequencer}) and transactional-id prefix ({@code name-tx}) that the committed state
     * fixture was written with, so that a restore of it finds its own sinks' transactions.
     */
    static TestSequencer sequencer(
            EmbeddedKafka kafka, String name, Path checkpoints, int parallelism) {
        return TestSequencer.on(kafka, name, checkpoints)
                .flag("--group-id", name + "-sequencer")
                .flag("--transactional-id-prefix", name + "-tx")
                .flag("--parallelism", Integer.toString(parallelism));
    }
}
