package io.herald.operators;

import org.apache.flink.api.java.functions.KeySelector;

/**
 * Keys a {@link SourceRecord} by its subject, so that one subtask (the owner of the subject's key
 * group) sequences all of a subject's messages.
 *
 * <p>A record with no valid subject is keyed by {@code !topic:partition}: deterministic (the same
 * record always lands on the same subtask, before and after a restore), order-preserving within its
 * source partition, and never equal to a subject key, since every subject starts with {@code /}. No
 * keyed state is ever written under such a key.
 */
public final class SubjectKeySelector implements KeySelector<SourceRecord, String> {
    private static final long serialVersionUID = 1L;

    /** The first character of the key of a record that has no valid subject. */
    public static final char INVALID_KEY_PREFIX = '!';

    @Override
    public String getKey(SourceRecord record) {
        if (record.isValid()) {
            return record.subject();
        }
        return INVALID_KEY_PREFIX + record.topic() + ":" + record.partition();
    }
}
