package io.herald.client;

/** The state of a {@link HeraldClient}'s connection, as reported to {@link HeraldListener}. */
public enum ConnectionState {
    /** Created, {@link HeraldClient#start()} not called yet. */
    IDLE,
    /** Opening a WebSocket to an edge. */
    CONNECTING,
    /** Connected to an edge; subscriptions are being (re)established or are live. */
    CONNECTED,
    /** Lost or failed to open a connection; the next attempt is scheduled. */
    RECONNECTING,
    /**
     * The edge refused the token (close code 4001). The client does not retry on its own: fix the
     * token and call {@link HeraldClient#start()} again.
     */
    AUTH_FAILED,
    /** {@link HeraldClient#close()} was called; terminal. */
    CLOSED
}
