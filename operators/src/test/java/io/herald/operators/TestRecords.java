package io.herald.operators;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.herald.wire.SequencedHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/** Source records made the way the job makes them: through {@link SourceRecordDeserializer}. */
final class TestRecords {

    /** The job's default limit, Kafka's default {@code max.request.size}. */
    static final RecordSizeLimit DEFAULT_LIMIT = new RecordSizeLimit(1024 * 1024);

    private TestRecords() {}

    static SourceRecord source(String topic, int partition, long offset, String key) {
        return source(
                topic, partition, offset, key == null ? null : key.getBytes(UTF_8), null, null);
    }

    static SourceRecord source(
            String topic,
            int partition,
            long offset,
            byte[] key,
            String messageId,
            String publisher) {
        return source(
                topic,
                partition,
                offset,
                key,
                ("content-" + offset).getBytes(UTF_8),
                messageId,
                publisher,
                DEFAULT_LIMIT);
    }

    /** A record as a job whose {@code --max-record-bytes} is {@code limit} reads it. */
    static SourceRecord source(
            String topic,
            int partition,
            long offset,
            byte[] key,
            byte[] value,
            String messageId,
            String publisher,
            RecordSizeLimit limit) {
        RecordHeaders headers = new RecordHeaders();
        if (messageId != null) {
            headers.add(SequencedHeaders.MESSAGE_ID, messageId.getBytes(UTF_8));
        }
        if (publisher != null) {
            headers.add(SequencedHeaders.PUBLISHER, publisher.getBytes(UTF_8));
        }
        ConsumerRecord<byte[], byte[]> record =
                new ConsumerRecord<>(
                        topic,
                        partition,
                        offset,
                        1_000L + offset,
                        TimestampType.CREATE_TIME,
                        key == null ? -1 : key.length,
                        value.length,
                        key,
                        value,
                        headers,
                        Optional.empty());
        List<SourceRecord> out = new ArrayList<>();
        new SourceRecordDeserializer(limit)
                .deserialize(
                        record,
                        new Collector<>() {
                            @Override
                            public void collect(SourceRecord r) {
                                out.add(r);
                            }

                            @Override
                            public void close() {}
                        });
        if (out.size() != 1) {
            throw new AssertionError("deserializer emitted " + out.size() + " records");
        }
        return out.get(0);
    }
}
