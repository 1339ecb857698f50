package io.herald.wire;

/**
 * Where a message came from: {@code topic:partition:offset} of its source record. Unique per source
 * record, so any reader can drop a re-delivered duplicate by remembering, per subject, the last
 * offset seen.
 */
public record SourceRef(String topic, int partition, long offset) {

    public SourceRef {
        if (!Subject.isValidTopic(topic)) {
            throw new IllegalArgumentException("invalid topic name: " + topic);
        }
        if (partition < 0) {
            throw new IllegalArgumentException("negative partition: " + partition);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset: " + offset);
        }
    }

    /** Parses {@code topic:partition:offset}; throws IllegalArgumentException when malformed. */
    public static SourceRef parse(String text) {
        int second = text.lastIndexOf(':');
        int first = second > 0 ? text.lastIndexOf(':', second - 1) : -1;
        if (first <= 0) {
            throw new IllegalArgumentException("not topic:partition:offset: " + text);
        }
        try {
            return new SourceRef(
                    text.substring(0, first),
                    Integer.parseInt(text.substring(first + 1, second)),
                    Long.parseLong(text.substring(second + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not topic:partition:offset: " + text, e);
        }
    }

    /** Whether this record comes after {@code other} in the same source partition. */
    public boolean isAfter(SourceRef other) {
        return partition == other.partition && topic.equals(other.topic) && offset > other.offset;
    }

    /** Whether both name the same source partition. */
    public boolean samePartition(SourceRef other) {
        return partition == other.partition && topic.equals(other.topic);
    }

    @Override
    public String toString() {
        return topic + ":" + partition + ":" + offset;
    }
}
