package io.herald.operators;

import io.herald.wire.DeadLetterReason;
import io.herald.wire.InvalidSubjectException;
import io.herald.wire.SequencedHeaders;
import io.herald.wire.Subject;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Turns a source-topic Kafka record into a {@link SourceRecord}: resolves its subject once, here,
 * with {@link Subject#ofRecord}, and checks its size against the job's {@link RecordSizeLimit}. A
 * record that maps to no valid subject, or whose sequenced form would be too large, is kept with
 * the reason, so that the sequencer sends it to the dead-letter output; a large one is cut here, in
 * the source, so that it never crosses the network whole. Never drops a record and never throws for
 * bad input.
 */
public final class SourceRecordDeserializer
        implements KafkaRecordDeserializationSchema<SourceRecord> {
    private static final long serialVersionUID = 1L;

    private final RecordSizeLimit limit;

    public SourceRecordDeserializer(RecordSizeLimit limit) {
        this.limit = Objects.requireNonNull(limit, "limit");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord> out) {
        String subject = null;
        DeadLetterReason reason = null;
        String error = null;
        try {
            subject = Subject.ofRecord(record.topic(), record.key()).value();
        } catch (InvalidSubjectException e) {
            reason = DeadLetterReason.INVALID_SUBJECT;
            error = e.getMessage();
        }
        SourceRecord read =
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
                        reason,
                        error);
        out.collect(limit.enforce(read));
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
