package io.herald.wire.frame;

import java.util.Optional;

/**
 * The WebSocket close codes of PROTOCOL.md and what a client should do on each (the shared vectors,
 * docs/protocol/vectors/codes.json, list the same codes).
 */
public enum CloseCode {
    /** 1000: normal closure, asked by either side. */
    NORMAL(1000),
    /** 1001: the edge is shutting down; clients reconnect elsewhere and resume. */
    GOING_AWAY(1001),
    /** 1009: a frame exceeded the edge's maximum frame size. */
    MESSAGE_TOO_BIG(1009),
    /**
     * 1011: the edge found a hole in what it was about to deliver on a subscription. It never skips
     * a position silently: the client reconnects and resumes, and the resume's recovery says
     * whether it is complete.
     */
    INTERNAL_ERROR(1011),
    /** 4001: unauthenticated, or the token expired; reconnecting with the same token is futile. */
    UNAUTHENTICATED(4001),
    /** 4008: slow consumer, its outbound buffer passed the limit; reconnect with backoff. */
    SLOW_CONSUMER(4008),
    /** 4029: too many requests. */
    TOO_MANY_REQUESTS(4029);

    private final int code;

    CloseCode(int code) {
        this.code = code;
    }

    /** The numeric WebSocket close code. */
    public int code() {
        return code;
    }

    /** The constant for a numeric close code, if it is one of ours. */
    public static Optional<CloseCode> of(int code) {
        for (CloseCode c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
