package io.herald.wire.frame;

import java.util.Objects;
import java.util.Optional;

/**
 * A frame that could not be decoded: the {@link #code()} to answer with ({@link
 * ErrorCode#BAD_REQUEST}, {@link ErrorCode#INVALID_SUBJECT} or, from the subclass {@link
 * UnknownFrameTypeException}, {@link ErrorCode#UNKNOWN_TYPE}), a message fit to send back to the
 * peer, and the request's {@code id} when the frame was an object with a string {@code id}.
 *
 * <p>These exceptions carry no stack trace: hostile input produces them at a high rate and the
 * trace would only ever point into the codec.
 */
public class FrameDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String requestId;

    public FrameDecodeException(ErrorCode code, String message, String requestId) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.requestId = requestId;
    }

    /** The error code to answer with. */
    public ErrorCode code() {
        return code;
    }

    /** The {@code id} of the failed request, when one could be read. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** The {@code error} frame that answers this failure. */
    public EdgeFrame.ErrorFrame toErrorFrame() {
        return new EdgeFrame.ErrorFrame(requestId, code, getMessage());
    }
}
