package io.herald.operators;

import io.herald.wire.InvalidSubjectException;
import io.herald.wire.SequencedHeaders;
import io.herald.wire.Subject;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Turns a source-topic Kafka record into a {@link SourceRecord}: resolves its subject once, here,
 * with {@link Subject#ofRecord}; a record that maps to no valid subject is kept, with the reason,
 * so that the sequencer sends it to the dead-letter output. Never drops a record and never throws
 * for bad input.
 */
public final class SourceRecordDeserializer
        implements KafkaRecordDeserializationSchema<SourceRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord> out) {
        String subject = null;
        String error = null;
        try {
            subject = Subject.ofRecord(record.topic(), record.key()).value();
        } catch (InvalidSubjectException e) {
            error = e.getMessage();
        }
        out.collect(
                new SourceRecord(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.key(),
                        record.value(),
                        record.timestamp(),
                        header(record.headers(), SequencedHeaders.MESSAGE_ID),
                        header(record.headers(), SequencedHeaders.PUBLISHER),
                        subject,
                        error));
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null
                ? null
                : SequencedHeaders.decodeString(header.value());
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return TypeInformation.of(SourceRecord.class);
    }
}
