package io.herald.wire.frame;

import java.util.Optional;

/**
 * The {@code code} of an {@code error} frame (PROTOCOL.md). The wire name is the constant's name.
 */
public enum ErrorCode {
    /** Malformed JSON, a missing field, or a field of the wrong type or range. */
    BAD_REQUEST,
    /** A subject that breaks the subject rules. */
    INVALID_SUBJECT,
    /** A subscribe or publish outside the token's entitlement, or to a topic the edge refuses. */
    FORBIDDEN,
    /** Authentication is required, or the token is invalid or expired. */
    UNAUTHENTICATED,
    /** The connection would hold more subjects than the edge allows. */
    TOO_MANY_SUBJECTS,
    /** The publish was not acknowledged as committed in time. */
    PUBLISH_TIMEOUT,
    /** The publish could not be written to Kafka. */
    PUBLISH_FAILED,
    /** The edge sheds load (e.g. too many pending publishes). */
    OVERLOADED,
    /** The frame's {@code type} is not one this edge knows. */
    UNKNOWN_TYPE;

    /** The constant whose wire name is {@code code}, if any. */
    public static Optional<ErrorCode> fromWire(String code) {
        for (ErrorCode c : values()) {
            if (c.name().equals(code)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
