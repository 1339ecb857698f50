package io.herald.savepoints;

import io.herald.kafka.KafkaAdmins;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * {@code rebuild}: when the job's checkpoints and savepoints are lost, recreate the sequencer's
 * state from what the job wrote to Kafka.
 *
 * <ol>
 *   <li>Read the sequenced topic (read_committed) to its end: each subject's last position, and the
 *       last processed source offset of each source partition; read the dead-letter topic for its
 *       source offsets too.
 *   <li>Write a new savepoint with the positions (and the publish ids of the de-duplication window)
 *       as the sequencer's keyed state and the highest epoch as its union epoch state ({@link
 *       SavepointRebuilder}), so the restored job starts every subject in an epoch above every
 *       epoch in Kafka.
 *   <li>Commit the job's consumer group offsets to just after the last processed source records
 *       ({@link SourceOffsets}), so the restored job's source, which has no state in the new
 *       savepoint, resumes exactly there.
 * </ol>
 *
 * The job must be stopped while this runs.
 */
final class RebuildCommand {

    private final RebuildConfig o;
    private final PrintStream out;
    private final PrintStream err;

    RebuildCommand(RebuildConfig options, PrintStream out, PrintStream err) {
        this.o = options;
        this.out = out;
        this.err = err;
    }

    void run(StreamExecutionEnvironment env) throws Exception {
        Path output = new Path(o.output());
        if (FileSystem.get(output.toUri()).exists(output)) {
            throw new IllegalArgumentException(
                    "--output " + o.output() + " exists: choose a new directory");
        }
        TopicScan sequenced;
        TopicScan deadLetters;
        try (KafkaConsumer<byte[], byte[]> consumer =
                SequencedTopicScanner.consumer(o.bootstrapServers(), o.kafkaClient())) {
            sequenced =
                    SequencedTopicScanner.scanSequenced(
                            consumer, o.sequencedTopic(), o.dedupWindow(), o.readTimeout());
            deadLetters = scanDeadLetters(consumer);
        } catch (TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        out.printf(
                "read %d committed records of %s: %d subjects, highest epoch %s, %d publish ids"
                        + " within the de-duplication window%n",
                sequenced.records(),
                o.sequencedTopic(),
                sequenced.lastPositions().size(),
                sequenced.highestEpoch().isPresent()
                        ? sequenced.highestEpoch().getAsLong()
                        : "none",
                sequenced.publishedIdCount());
        warnRejected(o.sequencedTopic(), sequenced);
        warnRejected(o.deadLetterTopic(), deadLetters);
        if (sequenced.lastPositions().isEmpty()) {
            throw new IllegalStateException(
                    o.sequencedTopic()
                            + " holds no committed sequenced record: there is no state to"
                            + " rebuild; start the job without a savepoint");
        }

        long epoch =
                new SavepointRebuilder(env)
                        .write(
                                sequenced.lastPositions(),
                                sequenced.publishedIds(),
                                o.dedupWindow(),
                                o.output(),
                                o.maxParallelism());
        out.printf(
                "wrote savepoint %s: %d subjects, max parallelism %d, issued epoch %d%n",
                o.output(), sequenced.lastPositions().size(), o.maxParallelism(), epoch);

        Map<TopicPartition, Long> resume = SourceOffsets.resumeAfter(sequenced, deadLetters);
        if (o.commitSourceOffsets()) {
            try (Admin admin =
                    KafkaAdmins.create(
                            o.bootstrapServers(),
                            o.kafkaClient(),
                            "herald-savepoints-rebuild",
                            o.readTimeout())) {
                SourceOffsets.commit(admin, o.groupId(), resume, o.readTimeout());
            }
            out.printf(
                    "committed source offsets of group %s: %s%n",
                    o.groupId(), SourceOffsets.describe(resume));
        } else {
            out.printf(
                    "source offsets to resume from (not committed): %s%n",
                    SourceOffsets.describe(resume));
        }
        out.printf(
                "restore the job from %s: every subject continues in an epoch above %d%n",
                o.output(), epoch);
    }

    private TopicScan scanDeadLetters(KafkaConsumer<byte[], byte[]> consumer)
            throws TimeoutException {
        try {
            return SequencedTopicScanner.scan(
                    consumer,
                    o.deadLetterTopic(),
                    SequencedTopicScanner.Kind.DEAD_LETTER,
                    o.readTimeout());
        } catch (UnknownTopicOrPartitionException e) {
            err.printf(
                    "warning: dead-letter topic %s does not exist: no dead letters counted%n",
                    o.deadLetterTopic());
            return new TopicScan.Builder().build();
        }
    }

    private void warnRejected(String topic, TopicScan scan) {
        if (scan.rejected() > 0) {
            err.printf(
                    "warning: %d records of %s break the record contract and were not used;"
                            + " first: %s%n",
                    scan.rejected(), topic, scan.firstRejection());
        }
    }
}
