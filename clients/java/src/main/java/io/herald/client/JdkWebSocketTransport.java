package io.herald.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link Transport} on the JDK's {@link java.net.http.WebSocket}. All clients of a JVM share one
 * {@link HttpClient} (and so its selector thread). Sends are chained, as the JDK allows one
 * outstanding send per WebSocket; text frames arriving in parts are joined, up to a byte limit
 * beyond which the connection is aborted and reported closed with 1009.
 */
final class JdkWebSocketTransport implements Transport {

    static final int ABNORMAL = 1006;
    static final int TOO_BIG = 1009;

    /** How long a closing connection may wait for the peer's close frame. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private static final HttpClient HTTP = HttpClient.newBuilder().build();

    private final int maxFrameChars;

    JdkWebSocketTransport(int maxFrameChars) {
        this.maxFrameChars = maxFrameChars;
    }

    @Override
    public void connect(URI uri, Duration timeout, Listener listener) {
        FrameListener frames = new FrameListener(listener, maxFrameChars);
        HTTP.newWebSocketBuilder()
                .connectTimeout(timeout)
                .buildAsync(uri, frames)
                .whenComplete(
                        (ws, error) -> {
                            if (error != null) {
                                frames.closed(ABNORMAL, describe(error));
                            }
                        });
    }

    private static String describe(Throwable error) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** Adapts the JDK's listener: joins text parts and reports exactly one close. */
    private static final class FrameListener implements WebSocket.Listener {
        private final Listener listener;
        private final int maxFrameChars;
        private final StringBuilder text = new StringBuilder();
        private final AtomicBoolean closed = new AtomicBoolean();
        private JdkConnection connection;

        FrameListener(Listener listener, int maxFrameChars) {
            this.listener = listener;
            this.maxFrameChars = maxFrameChars;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            connection = new JdkConnection(webSocket, this);
            listener.onOpen(connection);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (text.length() + data.length() > maxFrameChars) {
                webSocket.abort();
                closed(TOO_BIG, "frame from the edge exceeds " + maxFrameChars + " characters");
                return null;
            }
            if (last && text.length() == 0) {
                listener.onText(data.toString());
            } else {
                text.append(data);
                if (last) {
                    String frame = text.toString();
                    text.setLength(0);
                    listener.onText(frame);
                }
            }
            if (!last) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed(ABNORMAL, describe(error));
        }

        void closed(int code, String reason) {
            if (closed.compareAndSet(false, true)) {
                listener.onClosed(code, reason);
            }
        }

        boolean isClosed() {
            return closed.get();
        }
    }

    private static final class JdkConnection implements Connection {
        private final WebSocket ws;
        private final FrameListener frames;
        private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);

        JdkConnection(WebSocket ws, FrameListener frames) {
            this.ws = ws;
            this.frames = frames;
        }

        @Override
        public void send(String text) {
            synchronized (this) {
                sends =
                        sends.thenCompose(v -> ws.sendText(text, true))
                                .whenComplete(
                                        (v, error) -> {
                                            if (error != null && !frames.isClosed()) {
                                                ws.abort();
                                                frames.closed(ABNORMAL, describe(error));
                                            }
                                        });
            }
        }

        @Override
        public void request(long n) {
            ws.request(n);
        }

        /**
         * Sends the close frame after the pending sends; the socket is dropped {@link #CLOSE_GRACE}
         * later in case the peer never answers it.
         */
        @Override
        public void close(int code, String reason) {
            synchronized (this) {
                sends = sends.thenCompose(v -> ws.sendClose(code, reason));
            }
            CompletableFuture.delayedExecutor(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(ws::abort);
        }

        @Override
        public void abort() {
            frames.closed.set(true);
            ws.abort();
        }
    }
}
