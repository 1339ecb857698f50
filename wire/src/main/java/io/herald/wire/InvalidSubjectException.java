package io.herald.wire;

/** A string, or a Kafka topic and key, that is not a valid subject; the message says why. */
public final class InvalidSubjectException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidSubjectException(String reason) {
        super(reason);
    }
}
