package io.herald.job;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testing.EmbeddedKafka;
import io.herald.testing.Poll;
import io.herald.wire.SequencedHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactly-once sinks name a transaction per checkpoint, and the brokers forget each name {@code
 * transactional.id.expiration.ms} after its last use (docs/deploy.md, "Broker settings for the
 * job's transactions"). A job restored from a savepoint once the brokers have forgotten the
 * savepoint's or checkpoint's transactional ids repeats the commit of its last transactions against
 * ids the coordinator no longer knows; it must still run and sequence what comes next.
 */
class ExpiredTransactionalIdsIT {
    private static final int SUBJECTS = 50;
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @RegisterExtension static final MiniClusterExtension FLINK = TestSequencer.miniCluster(1);

    @RegisterExtension
    static final EmbeddedKafka KAFKA =
            EmbeddedKafka.perClass(
                    Map.of(
                            "transactional.id.expiration.ms", "2000",
                            "transaction.remove.expired.transaction.cleanup.interval.ms", "500"));

    @TempDir static Path checkpoints;

    @Test
    void aJobRestoredFromASavepointAfterTheBrokersForgotItsTransactionalIdsRunsOn(
            @InjectClusterClient ClusterClient<?> flink) throws Exception {
        restoreOnceForgotten(
                flink,
                new Job("expiry-savepoint"),
                (job, running) -> running.stopWithSavepoint(checkpoints.resolve("savepoints")));
    }

    @Test
    void aJobRestoredFromItsRetainedCheckpointAfterTheBrokersForgotItsTransactionalIdsRunsOn(
            @InjectClusterClient ClusterClient<?> flink) throws Exception {
        restoreOnceForgotten(
                flink,
                new Job("expiry-checkpoint"),
                (job, running) -> {
                    // A few checkpoints after the records' commit: the last one's transactions
                    // are committed too, and its restore repeats their commit.
                    Path dir = checkpoints.resolve(job.name);
                    long first = latestCheckpoint(dir).map(RetainedCheckpoint::number).orElse(0L);
                    Poll.until(
                            "three more checkpoints of " + job.name,
                            DEADLINE,
                            () ->
                                    latestCheckpoint(dir).map(RetainedCheckpoint::number).orElse(0L)
                                            >= first + 3);
                    running.close(); // cancelled: the job retains its last checkpoint
                    return latestCheckpoint(dir).orElseThrow().path().toUri().toString();
                });
    }

    /** How a test ends the job's first run: returns the savepoint or checkpoint to restore. */
    private interface Stop {
        String stop(Job job, RunningJob running) throws Exception;
    }

    /**
     * Runs {@code job}, ends it with {@code stop}, waits until the brokers have forgotten its
     * transactional ids, restores it and checks that it sequences the next messages.
     */
    private static void restoreOnceForgotten(ClusterClient<?> flink, Job job, Stop stop)
            throws Exception {
        String restoreFrom;
        try (RunningJob running = job.sequencer.start(flink)) {
            job.produceAndAwait(0);
            restoreFrom = stop.stop(job, running);
        }
        job.awaitTransactionalIdsForgotten();
        try (RunningJob running = job.sequencer.startFrom(flink, restoreFrom)) {
            job.produceAndAwait(1);
            assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
        }
    }

    /** One job of this class: its own topics, transactional ids and checkpoint folder. */
    private static final class Job {
        final String name;
        final TestSequencer sequencer;
        final String sequencedTopic;

        Job(String name) {
            this.name = name;
            this.sequencer =
                    TestSequencer.on(KAFKA, name, checkpoints.resolve(name)).createTopics(2);
            this.sequencedTopic = sequencer.config().sequencedTopic();
        }

        /** Publishes message {@code n} of every subject and waits until all are sequenced. */
        void produceAndAwait(int n) {
            try (KafkaProducer<byte[], byte[]> producer = KAFKA.producer()) {
                for (int s = 0; s < SUBJECTS; s++) {
                    ProducerRecord<byte[], byte[]> record =
                            new ProducerRecord<>(
                                    name, ("s-" + s).getBytes(UTF_8), ("m-" + n).getBytes(UTF_8));
                    record.headers()
                            .add(SequencedHeaders.MESSAGE_ID, (s + "-" + n).getBytes(UTF_8));
                    record.headers().add(SequencedHeaders.PUBLISHER, "it".getBytes(UTF_8));
                    producer.send(record);
                }
                producer.flush();
            }
            int total = (n + 1) * SUBJECTS;
            assertThat(KAFKA.readAll(sequencedTopic, total, DEADLINE)).hasSize(total);
        }

        /** Waits until the brokers list none of the job's transactional ids any more. */
        void awaitTransactionalIdsForgotten() throws Exception {
            try (Admin admin = KAFKA.admin()) {
                assertThat(ids(admin))
                        .as("%s's transactional ids before expiry", name)
                        .isNotEmpty();
                Poll.until(
                        "the brokers forget the transactional ids of " + name,
                        DEADLINE,
                        () -> ids(admin).isEmpty());
            }
        }

        private List<String> ids(Admin admin) {
            try {
                return admin.listTransactions().all().get().stream()
                        .map(TransactionListing::transactionalId)
                        .filter(id -> id.startsWith(name + "-"))
                        .toList();
            } catch (Exception e) {
                throw new IllegalStateException("listing transactions", e);
            }
        }
    }

    private record RetainedCheckpoint(Path path, long number) {}

    /** The newest {@code chk-N} folder with a {@code _metadata} file under {@code dir}. */
    private static Optional<RetainedCheckpoint> latestCheckpoint(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(dir, 3)) {
            return files.filter(f -> f.getFileName().toString().equals("_metadata"))
                    .map(Path::getParent)
                    .filter(d -> d.getFileName().toString().startsWith("chk-"))
                    .map(
                            d ->
                                    new RetainedCheckpoint(
                                            d,
                                            Long.parseLong(
                                                    d.getFileName().toString().substring(4))))
                    .max(Comparator.comparingLong(RetainedCheckpoint::number));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
