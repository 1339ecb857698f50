package io.herald.edge.kafka;

import io.herald.wire.SequencedMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Records of the sequenced topic as messages: the one decoding every edge reader uses. */
public final class SequencedRecords {
    private SequencedRecords() {}

    /** Decodes {@code r}; throws (IllegalArgumentException and kin) when it breaks the contract. */
    public static SequencedMessage decode(ConsumerRecord<byte[], byte[]> r) {
        return SequencedMessage.decode(
                r.key(),
                r.value(),
                r.timestamp(),
                name -> {
                    var h = r.headers().lastHeader(name);
                    return h == null ? null : h.value();
                });
    }
}
