package io.herald.operators;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.wire.DeadLetterReason;
import java.util.Arrays;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;

class RecordSizeLimitTest {

    private static final RecordSizeLimit LIMIT = new RecordSizeLimit(RecordSizeLimit.MIN_BYTES);

    @Test
    void sizesBoundWhatTheKafkaProducerChecksAgainstMaxRequestSize() {
        Random random = new Random(20261202L);
        for (int i = 0; i < 200; i++) {
            byte[] key = ("k-" + "é".repeat(random.nextInt(300))).getBytes(UTF_8);
            byte[] value = new byte[random.nextInt(20_000)];
            String messageId = random.nextBoolean() ? null : "m".repeat(random.nextInt(200));
            String publisher = random.nextBoolean() ? null : "p😀".repeat(random.nextInt(50));
            SourceRecord valid =
                    TestRecords.source(
                            "topic",
                            3,
                            random.nextInt(1 << 30),
                            key,
                            value,
                            messageId,
                            publisher,
                            TestRecords.DEFAULT_LIMIT);
            ProducerRecord<byte[], byte[]> sequenced =
                    new SequencedRecordSerializer("out")
                            .serialize(
                                    new SequencedRecord(
                                            valid.subject(),
                                            valid.value(),
                                            Long.MAX_VALUE,
                                            Long.MAX_VALUE,
                                            valid.source(),
                                            valid.messageId(),
                                            valid.publisher(),
                                            Long.MAX_VALUE),
                                    null,
                                    null);
            assertBounds(RecordSizeLimit.sequencedBytes(valid), sequenced);

            SourceRecord invalid = valid.deadLetter(DeadLetterReason.TOO_LARGE, "e".repeat(i));
            assertBounds(
                    RecordSizeLimit.deadLetterBytes(invalid),
                    new DeadLetterSerializer("dlq").serialize(invalid, null, null));
        }
    }

    @Test
    void aRecordWhoseSequencedFormFitsIsSequencedUpToTheLastByte() {
        byte[] key = "NYSE/IBM".getBytes(UTF_8);
        SourceRecord empty = read(key, new byte[0], null);
        int fitting = LIMIT.maxBytes() - (int) RecordSizeLimit.sequencedBytes(empty);

        SourceRecord atTheLimit = read(key, new byte[fitting], null);
        SourceRecord oneByteMore = read(key, new byte[fitting + 1], null);

        assertThat(RecordSizeLimit.sequencedBytes(atTheLimit)).isEqualTo(LIMIT.maxBytes());
        assertThat(atTheLimit.isValid()).isTrue();
        assertThat(atTheLimit.value()).hasSize(fitting);
        assertThat(oneByteMore.isValid()).isFalse();
        assertThat(oneByteMore.reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
        assertThat(oneByteMore.value()).hasSize(RecordSizeLimit.PREFIX_BYTES);
    }

    @Test
    void aTooLargeRecordBecomesADeadLetterOfPrefixesThatFits() {
        byte[] value = new byte[2 * 1024 * 1024];
        new Random(7).nextBytes(value);
        String hugeId = "i".repeat(100_000);

        SourceRecord dead = read("room-1".getBytes(UTF_8), value, hugeId);

        assertThat(dead.isValid()).isFalse();
        assertThat(dead.reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
        assertThat(dead.error())
                .contains("above the job's limit of " + LIMIT.maxBytes())
                .contains("cut to their first 1024 bytes");
        assertThat(dead.source()).isEqualTo("chat:0:5");
        assertThat(dead.key()).isEqualTo("room-1".getBytes(UTF_8));
        assertThat(dead.value()).isEqualTo(Arrays.copyOf(value, RecordSizeLimit.PREFIX_BYTES));
        assertThat(dead.messageId()).isEqualTo("i".repeat(RecordSizeLimit.PREFIX_BYTES));
        assertThat(RecordSizeLimit.deadLetterBytes(dead)).isLessThanOrEqualTo(LIMIT.maxBytes());
    }

    @Test
    void anInvalidRecordKeepsItsBytesWhenItsDeadLetterFitsAndIsCutOtherwise() {
        byte[] badKey = {(byte) 0xc3, 0x28};
        byte[] small = "small".getBytes(UTF_8);
        byte[] hugeKey = new byte[3 * LIMIT.maxBytes()];
        hugeKey[0] = (byte) 0xc3;

        SourceRecord kept = read(badKey, small, null);
        SourceRecord cut = read(hugeKey, small, null);

        assertThat(kept.reason()).isEqualTo(DeadLetterReason.INVALID_SUBJECT);
        assertThat(kept.key()).isEqualTo(badKey);
        assertThat(kept.error()).isEqualTo("key is not valid UTF-8");
        assertThat(cut.reason()).isEqualTo(DeadLetterReason.INVALID_SUBJECT);
        assertThat(cut.key()).hasSize(RecordSizeLimit.PREFIX_BYTES);
        assertThat(cut.value()).isEqualTo(small);
        assertThat(RecordSizeLimit.deadLetterBytes(cut)).isLessThanOrEqualTo(LIMIT.maxBytes());
    }

    @Test
    void prefixesOfTextEndOnAWholeCharacter() {
        String publisher = "😀".repeat(1000);

        SourceRecord dead = read("k".getBytes(UTF_8), new byte[LIMIT.maxBytes()], null, publisher);

        assertThat(dead.publisher()).isEqualTo("😀".repeat(RecordSizeLimit.PREFIX_BYTES / 4));
    }

    @Test
    void limitsOutsideTheProducersRangeAreRefused() {
        assertThatThrownBy(() -> new RecordSizeLimit(RecordSizeLimit.MIN_BYTES - 1))
                .hasMessageContaining("must be 16384..33554432 bytes");
        assertThatThrownBy(() -> new RecordSizeLimit(RecordSizeLimit.MAX_BYTES + 1))
                .hasMessageContaining("must be 16384..33554432 bytes");
    }

    private static SourceRecord read(byte[] key, byte[] value, String messageId) {
        return read(key, value, messageId, null);
    }

    private static SourceRecord read(byte[] key, byte[] value, String messageId, String publisher) {
        return TestRecords.source("chat", 0, 5, key, value, messageId, publisher, LIMIT);
    }

    /** At least Kafka's own upper bound, and within a few bytes per header above it. */
    private static void assertBounds(long ours, ProducerRecord<byte[], byte[]> record) {
        int kafkas =
                AbstractRecords.estimateSizeInBytesUpperBound(
                        RecordBatch.MAGIC_VALUE_V2,
                        CompressionType.NONE,
                        record.key(),
                        record.value(),
                        record.headers().toArray());
        assertThat(ours).isBetween((long) kafkas, kafkas + 64L);
    }
}
