package io.herald.operators;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.herald.wire.SequencedHeaders;
import java.util.Objects;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes a {@link SequencedRecord} to the sequenced topic as PROTOCOL.md says: key = subject
 * (UTF-8), value = content unchanged, headers {@code epoch} and {@code seq} (8-byte big-endian),
 * {@code source}, and {@code message-id} / {@code publisher} when present; record timestamp = when
 * it was stamped. No partition is set, so Kafka partitions by key: one subject, one partition.
 */
public final class SequencedRecordSerializer
        implements KafkaRecordSerializationSchema<SequencedRecord> {
    private static final long serialVersionUID = 1L;

    private final String topic;

    public SequencedRecordSerializer(String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            SequencedRecord record, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(SequencedHeaders.EPOCH, SequencedHeaders.encodeLong(record.epoch()));
        headers.add(SequencedHeaders.SEQ, SequencedHeaders.encodeLong(record.seq()));
        headers.add(SequencedHeaders.SOURCE, SequencedHeaders.encodeString(record.source()));
        OptionalHeaders.add(headers, SequencedHeaders.MESSAGE_ID, record.messageId());
        OptionalHeaders.add(headers, SequencedHeaders.PUBLISHER, record.publisher());
        return new ProducerRecord<>(
                topic,
                null,
                record.timestamp(),
                record.subject().getBytes(UTF_8),
                record.content(),
                headers);
    }
}
