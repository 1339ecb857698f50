package io.herald.operators;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.wire.DeadLetterReason;
import io.herald.wire.Position;
import io.herald.wire.SequencedHeaders;
import io.herald.wire.SequencedMessage;
import io.herald.wire.SourceRef;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class KafkaSchemasTest {

    @Test
    void sequencedRecordFollowsTheKafkaRecordContract() {
        SequencedRecord record =
                new SequencedRecord(
                        "/chat/日本/é",
                        "hello".getBytes(UTF_8),
                        1_750_000_000_000_001L,
                        42,
                        "chat:1:99",
                        "m-7",
                        "alice",
                        1_750_000_000_000L);

        ProducerRecord<byte[], byte[]> out =
                new SequencedRecordSerializer("messages.sequenced").serialize(record, null, null);

        assertThat(out.topic()).isEqualTo("messages.sequenced");
        assertThat(out.partition()).as("partitioned by key").isNull();
        assertThat(out.timestamp()).isEqualTo(1_750_000_000_000L);
        SequencedMessage decoded =
                SequencedMessage.decode(
                        out.key(),
                        out.value(),
                        out.timestamp(),
                        name -> {
                            Header h = out.headers().lastHeader(name);
                            return h == null ? null : h.value();
                        });
        assertThat(decoded.subject().value()).isEqualTo("/chat/日本/é");
        assertThat(decoded.position()).isEqualTo(Position.of(1_750_000_000_000_001L, 42));
        assertThat(decoded.content()).isEqualTo("hello".getBytes(UTF_8));
        assertThat(decoded.source()).isEqualTo(new SourceRef("chat", 1, 99));
        assertThat(decoded.messageId()).isEqualTo("m-7");
        assertThat(decoded.publisher()).isEqualTo("alice");
    }

    @Test
    void sequencedRecordWithoutOptionalHeadersOmitsThem() {
        SequencedRecord record =
                new SequencedRecord("/demo", new byte[0], 1, 0, "demo:0:0", null, null, 5L);

        ProducerRecord<byte[], byte[]> out =
                new SequencedRecordSerializer("messages.sequenced").serialize(record, null, null);

        assertThat(out.headers().lastHeader(SequencedHeaders.MESSAGE_ID)).isNull();
        assertThat(out.headers().lastHeader(SequencedHeaders.PUBLISHER)).isNull();
        assertThat(out.headers().toArray()).hasSize(3);
    }

    @Test
    void deadLetterKeepsTheOriginalKeyValueAndSourceWithTheReason() {
        byte[] badKey = {(byte) 0xc3, 0x28};
        SourceRecord source = TestRecords.source("demo", 4, 17, badKey, "m-9", "bob");

        ProducerRecord<byte[], byte[]> out =
                new DeadLetterSerializer("messages.dead-letter").serialize(source, null, null);

        assertThat(out.topic()).isEqualTo("messages.dead-letter");
        assertThat(out.key()).isEqualTo(badKey);
        assertThat(out.value()).isEqualTo("content-17".getBytes(UTF_8));
        assertThat(header(out, SequencedHeaders.SOURCE)).isEqualTo("demo:4:17");
        assertThat(header(out, SequencedHeaders.REASON)).isEqualTo("invalid-subject");
        assertThat(header(out, SequencedHeaders.ERROR)).isEqualTo("key is not valid UTF-8");
        assertThat(header(out, SequencedHeaders.MESSAGE_ID)).isEqualTo("m-9");
        assertThat(header(out, SequencedHeaders.PUBLISHER)).isEqualTo("bob");
        assertThat(out.headers().lastHeader(SequencedHeaders.EPOCH)).isNull();
    }

    @Test
    void deserializerResolvesTheSubjectOrTheReasonOnce() {
        SourceRecord valid = TestRecords.source("stocks", 0, 1, "NYSE/IBM");
        SourceRecord nullKey = TestRecords.source("stocks", 0, 2, null);
        SourceRecord tooLong = TestRecords.source("stocks", 0, 3, "k".repeat(1100));

        assertThat(valid.subject()).isEqualTo("/stocks/NYSE/IBM");
        assertThat(valid.error()).isNull();
        assertThat(nullKey.subject()).isEqualTo("/stocks");
        assertThat(tooLong.isValid()).isFalse();
        assertThat(tooLong.reason()).isEqualTo(DeadLetterReason.INVALID_SUBJECT);
        assertThat(tooLong.error()).contains("1024");
    }

    @Test
    void sequencedRecordsAndStateUseFlinksPojoSerializerNotKryo() {
        assertThat(TypeInformation.of(SequencedRecord.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(SubjectPosition.class)).isInstanceOf(PojoTypeInfo.class);
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), UTF_8);
    }
}
