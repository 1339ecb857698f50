package io.herald.client;

import java.net.URI;
import java.time.Duration;

/**
 * Opens WebSocket connections: the seam between the client's protocol logic and the network. The
 * shipped implementation is {@link JdkWebSocketTransport}; tests inject a scripted one.
 */
interface Transport {

    /**
     * Starts opening a connection. Exactly one of {@link Listener#onOpen} or {@link
     * Listener#onClosed} follows; after onOpen, text frames and finally one onClosed.
     */
    void connect(URI uri, Duration timeout, Listener listener);

    /** An open connection. Methods may be called from any thread. */
    interface Connection {
        /** Sends one text frame, after every frame sent before it. */
        void send(String text);

        /** Asks for {@code n} more inbound frames (the transport delivers none unrequested). */
        void request(long n);

        /** Starts the closing handshake with this code. */
        void close(int code, String reason);

        /** Drops the connection at once; no further callbacks follow. */
        void abort();
    }

    /** Events of one connection, delivered one at a time. */
    interface Listener {
        void onOpen(Connection connection);

        /** One complete text frame. */
        void onText(String frame);

        /**
         * The connection closed or could not be opened; {@code code} is the close code, 1006 when
         * there was no closing handshake. No further callbacks follow.
         */
        void onClosed(int code, String reason);
    }
}
