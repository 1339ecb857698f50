package io.herald.operators;

import io.herald.wire.SequencedHeaders;
import java.util.Objects;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes a record the sequencer did not sequence to the dead-letter topic: the original key and
 * value (or their prefixes, {@link RecordSizeLimit}), headers {@code source} ({@code
 * topic:partition:offset} of the original), {@code reason} (a {@link
 * io.herald.wire.DeadLetterReason}) and {@code error} (UTF-8 words), plus the original {@code
 * message-id} / {@code publisher} when present. The record timestamp is left to the producer (the
 * time it was dead-lettered), so the topic's retention counts from then.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<SourceRecord> {
    private static final long serialVersionUID = 1L;

    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            SourceRecord record, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(SequencedHeaders.SOURCE, SequencedHeaders.encodeString(record.source()));
        headers.add(
                SequencedHeaders.REASON, SequencedHeaders.encodeString(record.reason().header()));
        headers.add(SequencedHeaders.ERROR, SequencedHeaders.encodeString(record.error()));
        OptionalHeaders.add(headers, SequencedHeaders.MESSAGE_ID, record.messageId());
        OptionalHeaders.add(headers, SequencedHeaders.PUBLISHER, record.publisher());
        return new ProducerRecord<>(topic, null, null, record.key(), record.value(), headers);
    }
}
