package io.herald.edge.session;

import io.herald.edge.cache.CachedMessage;

/**
 * Where a subscription's replay goes: each message is encoded as a {@code message} frame with
 * {@code replay: true} and counted against the connection's outbound limit, like every byte it
 * sends, until it leaves the outbound buffer. Event loop only.
 */
interface ReplaySink {
    /** Replay bytes the connection may still queue: what is left under its outbound limit. */
    long budget();

    /** Writes one replayed message (no flush). */
    void write(CachedMessage message);

    /**
     * Writes one replayed message and flushes; {@code sent} runs on the event loop once it has left
     * the outbound buffer for the socket (never, if the connection closes first).
     */
    void writeThen(CachedMessage message, Runnable sent);

    /** Bytes of a deep recovery's replay written at once: a quarter of the outbound limit. */
    long chunkBytes();
}
