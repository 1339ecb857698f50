package io.herald.edge.session;

import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.ErrorCode;

/**
 * What a connection's helpers may do to its client: write a frame and close. Writes are not flushed
 * (the connection flushes once at the end of each inbound frame, batch or timer), and nothing is
 * written once the close frame has been sent. Event loop only.
 */
interface Outbound {
    /** Writes {@code frame} (no flush). */
    void send(EdgeFrame frame);

    /** Writes an {@code error} frame answering {@code requestId} (null: no request). */
    void sendError(String requestId, ErrorCode code, String message);

    /**
     * Sends a close frame with {@code code} and flushes; the TCP connection follows. Idempotent.
     */
    void close(int code, String reason);

    /** Flushes what was written, for writes outside an inbound frame or a batch. */
    void flush();
}
