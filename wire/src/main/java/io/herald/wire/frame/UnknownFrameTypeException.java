package io.herald.wire.frame;

/**
 * A well-formed frame whose {@code type} this side does not know. The edge answers it with {@link
 * ErrorCode#UNKNOWN_TYPE} and keeps the connection open; a client ignores it (a newer edge may send
 * frames an older client does not know).
 */
public final class UnknownFrameTypeException extends FrameDecodeException {
    private static final long serialVersionUID = 1L;

    private final String type;

    public UnknownFrameTypeException(String type, String requestId) {
        super(ErrorCode.UNKNOWN_TYPE, "unknown frame type: " + FrameFields.quote(type), requestId);
        this.type = type;
    }

    /** The unknown {@code type} as received. */
    public String type() {
        return type;
    }
}
