package io.herald.edge.deep;

/**
 * Why a deep recovery could not prove that the client gets every message after its position: told
 * to the client in its {@code subscribed} frame.
 */
public enum PartialReason {
    /**
     * The read started at the log's first record, older ones deleted, and the position was not
     * there.
     */
    RETENTION("retention"),
    /** The position is not in the log where its timestamp says (made up, or a wrong timestamp). */
    NOT_IN_LOG("not-in-log"),
    /** The subject's log has a hole after the position. */
    HOLE("hole"),
    /** More messages than {@code --deep-recovery-max-messages} lie between it and the cache. */
    LIMIT("limit"),
    /** {@code --max-deep-recoveries} reads were already queued or running. */
    BUSY("busy"),
    /** Kafka did not answer the read. */
    KAFKA_ERROR("kafka-error"),
    /** The cache moved on while the read finished, more than once. */
    CACHE_MOVED("cache-moved");

    private final String label;

    PartialReason(String label) {
        this.label = label;
    }

    /**
     * The value of the {@code reason} label in metrics and logs, and of the {@code reason} field of
     * a {@code partial} {@code subscribed} frame (PROTOCOL.md).
     */
    public String label() {
        return label;
    }
}
