package io.herald.client;

import io.herald.wire.frame.ErrorCode;
import java.util.Objects;

/**
 * A request that failed with a protocol error code: from the edge's {@code error} frame, or from
 * the client's own bound with the same meaning ({@link ErrorCode#OVERLOADED} when too many
 * publishes are pending, {@link ErrorCode#PUBLISH_TIMEOUT} when no ack came in time, {@link
 * ErrorCode#BAD_REQUEST} for a frame above the outbound size limit); {@link #fromEdge()} tells
 * which.
 */
public final class HeraldErrorException extends HeraldException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final boolean fromEdge;

    public HeraldErrorException(ErrorCode code, String message, boolean fromEdge) {
        super(Objects.requireNonNull(code, "code") + ": " + message);
        this.code = code;
        this.fromEdge = fromEdge;
    }

    /** The protocol error code. */
    public ErrorCode code() {
        return code;
    }

    /** True when an edge sent it; false when the client's own limit or timer raised it. */
    public boolean fromEdge() {
        return fromEdge;
    }
}
