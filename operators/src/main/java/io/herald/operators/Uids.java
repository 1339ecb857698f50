package io.herald.operators;

/**
 * The stable uids of the sequencer job's operators. Savepoints map state to operators by these:
 * never change one without a savepoint migration (docs/operations.md).
 */
public final class Uids {

    /** The Kafka source (its state: the source partitions' offsets). */
    public static final String SOURCE = "kafka-source";

    /**
     * The source offset committer ({@link SourceOffsetCommitter}), chained to the source; no state.
     */
    public static final String SOURCE_OFFSET_COMMITTER = "source-offset-committer";

    /** The sequencer ({@link SequencerFunction}): subject positions and issued epochs. */
    public static final String SEQUENCER = "sequencer";

    /** The exactly-once sink to the sequenced topic (its state: pending transactions). */
    public static final String SEQUENCED_SINK = "sequenced-sink";

    /** The sink to the dead-letter topic. */
    public static final String DEAD_LETTER_SINK = "dead-letter-sink";

    private Uids() {}
}
