package io.herald.job;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.herald.operators.RecordSizeLimit;
import io.herald.testing.EmbeddedKafka;
import io.herald.wire.DeadLetterReason;
import io.herald.wire.Position;
import io.herald.wire.SequencedHeaders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real job on a MiniCluster against a real broker, fed records that used to stall it: a source
 * topic that accepts 5 MB records, as users' topics often do, while the job writes at most its
 * default 1 MiB.
 */
class HostileRecordsIT {

    private static final int SOURCE_MAX_BYTES = 5_000_000;
    private static final int TWO_MB = 2_000_000;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @RegisterExtension static final MiniClusterExtension FLINK = TestSequencer.miniCluster(1);

    @RegisterExtension static final EmbeddedKafka KAFKA = EmbeddedKafka.perClass();

    @TempDir static Path checkpoints;

    @Test
    void aTooLargeRecordIsDeadLetteredAndTheRecordsAfterItAreSequenced(
            @InjectClusterClient ClusterClient<?> flink) throws Exception {
        KAFKA.createTopic(
                "big",
                1,
                Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(SOURCE_MAX_BYTES)));
        TestSequencer sequencer = TestSequencer.on(KAFKA, "big", checkpoints).createTopics(1);
        byte[] huge = new byte[TWO_MB];
        new Random(42).nextBytes(huge);
        byte[] hugeInvalidKey = new byte[TWO_MB];
        hugeInvalidKey[0] = (byte) 0xc3;

        try (RunningJob job = sequencer.start(flink);
                KafkaProducer<byte[], byte[]> producer =
                        KAFKA.producer(
                                Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, SOURCE_MAX_BYTES))) {
            send(producer, "room", "before".getBytes(UTF_8), null);
            send(producer, "room", huge, null);
            send(producer, hugeInvalidKey, "bad key".getBytes(UTF_8), null);
            send(producer, "room", "small".getBytes(UTF_8), "i".repeat(TWO_MB));
            for (int i = 0; i < 3; i++) {
                send(producer, "room", ("after-" + i).getBytes(UTF_8), null);
            }
            producer.flush();

            List<ConsumerRecord<byte[], byte[]>> sequenced =
                    KAFKA.readAll("big.sequenced", 4, DEADLINE);
            assertThat(sequenced)
                    .extracting(r -> new String(r.value(), UTF_8))
                    .containsExactly("before", "after-0", "after-1", "after-2");
            List<Position> positions = new ArrayList<>();
            sequenced.forEach(
                    r ->
                            positions.add(
                                    Position.of(
                                            SequencedHeaders.decodeLong(
                                                    value(r, SequencedHeaders.EPOCH)),
                                            SequencedHeaders.decodeLong(
                                                    value(r, SequencedHeaders.SEQ)))));
            long epoch = positions.get(0).epoch();
            assertThat(positions)
                    .as("a dead-lettered record takes no position: no gap")
                    .containsExactly(
                            Position.of(epoch, 0),
                            Position.of(epoch, 1),
                            Position.of(epoch, 2),
                            Position.of(epoch, 3));

            List<ConsumerRecord<byte[], byte[]>> dead =
                    KAFKA.readAll("big.dead-letter", 3, DEADLINE);
            assertThat(dead)
                    .extracting(
                            r -> header(r, SequencedHeaders.SOURCE),
                            r -> header(r, SequencedHeaders.REASON))
                    .containsExactly(
                            tuple("big:0:1", DeadLetterReason.TOO_LARGE.header()),
                            tuple("big:0:2", DeadLetterReason.INVALID_SUBJECT.header()),
                            tuple("big:0:3", DeadLetterReason.TOO_LARGE.header()));
            ConsumerRecord<byte[], byte[]> tooLarge = dead.get(0);
            assertThat(tooLarge.key()).isEqualTo("room".getBytes(UTF_8));
            assertThat(tooLarge.value())
                    .as("a bounded prefix of the content")
                    .isEqualTo(Arrays.copyOf(huge, RecordSizeLimit.PREFIX_BYTES));
            assertThat(header(tooLarge, SequencedHeaders.ERROR)).contains("--max-record-bytes");
            assertThat(dead.get(1).key()).hasSize(RecordSizeLimit.PREFIX_BYTES);
            assertThat(header(dead.get(2), SequencedHeaders.MESSAGE_ID))
                    .hasSize(RecordSizeLimit.PREFIX_BYTES);
            assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
        }
    }

    @Test
    void refusesToStartWhenAnOutputTopicRejectsItsLargestRecord() {
        KAFKA.createTopic(
                "narrow.sequenced", 1, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "100000"));
        KAFKA.createTopic("wide.sequenced", 1);
        KAFKA.createTopic("wide.dead-letter", 1);
        TestSequencer narrow = TestSequencer.on(KAFKA, "narrow", checkpoints);
        TestSequencer wide = TestSequencer.on(KAFKA, "wide", checkpoints);

        try (Admin admin = KAFKA.admin()) {
            assertThatThrownBy(() -> TopicLimits.check(narrow.config(), admin))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("topic narrow.sequenced")
                    .hasMessageContaining("at most 100000 bytes");
            assertThatCode(
                            () ->
                                    TopicLimits.check(
                                            narrow.flag("--max-record-bytes", "100000").config(),
                                            admin))
                    .as("within the topic's limit; the dead-letter topic does not exist: unchecked")
                    .doesNotThrowAnyException();
            assertThatCode(() -> TopicLimits.check(wide.config(), admin))
                    .as("Kafka's default max.message.bytes is above the default limit")
                    .doesNotThrowAnyException();
        }
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer, String key, byte[] value, String messageId)
            throws Exception {
        send(producer, key.getBytes(UTF_8), value, messageId);
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer, byte[] key, byte[] value, String messageId)
            throws Exception {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("big", 0, key, value);
        if (messageId != null) {
            record.headers().add(SequencedHeaders.MESSAGE_ID, messageId.getBytes(UTF_8));
        }
        producer.send(record).get();
    }

    private static byte[] value(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : h.value();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        byte[] v = value(r, name);
        return v == null ? null : new String(v, UTF_8);
    }
}
