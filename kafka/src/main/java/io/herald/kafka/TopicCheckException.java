package io.herald.kafka;

import java.util.List;

/** Why a process cannot use its topics: it exits non-zero with this message. */
public final class TopicCheckException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The typed reason. */
    public enum Reason {
        /** One or more topics do not exist ({@link #topics()} names them). */
        MISSING,
        /** Kafka did not answer in time: down, or the client's security settings do not match. */
        UNREACHABLE,
        /** Kafka refused the client: wrong credentials, or no ACL for a topic. */
        REFUSED
    }

    private final Reason reason;
    private final List<String> topics;

    public TopicCheckException(
            Reason reason, List<String> topics, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.topics = List.copyOf(topics);
    }

    public Reason reason() {
        return reason;
    }

    /** The topics concerned: the missing ones for {@link Reason#MISSING}. */
    public List<String> topics() {
        return topics;
    }
}
