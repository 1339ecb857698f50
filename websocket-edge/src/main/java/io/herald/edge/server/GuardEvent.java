package io.herald.edge.server;

/**
 * What {@link InboundGuard} tells the handlers after it (as a user event) when a connection passes
 * one of its limits; {@link WebSocketFrameHandler} closes the connection with the matching code.
 */
enum GuardEvent {
    /** More inbound frames than the rate allows: close 4029. */
    TOO_MANY_REQUESTS,
    /** The outbound buffer stayed over its limit: close 4008. */
    OUTBOUND_OVERFLOW
}
