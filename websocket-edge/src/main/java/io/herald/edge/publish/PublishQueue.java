package io.herald.edge.publish;

import org.apache.kafka.clients.producer.ProducerRecord;

/** Where a connection hands a publish for writing to Kafka. Any thread; never blocks. */
public interface PublishQueue {
    /** Queues the write of {@code record} for {@code publish}; false when the queue is full. */
    boolean offer(PendingPublish publish, ProducerRecord<byte[], byte[]> record);
}
