package io.herald.edge.it;

import io.herald.wire.Subject;
import io.herald.wire.frame.ClientFrame;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.FrameCodec;
import io.herald.wire.frame.FrameDecodeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client that sends anything (JDK {@link WebSocket}): the tests' hostile and plain
 * client. Received text frames are decoded with the wire codec; flow control is explicit, so a test
 * can stop reading ({@link #pauseReading()}) to play a slow consumer.
 */
final class RawClient implements AutoCloseable {
    private static final FrameCodec CODEC = FrameCodec.withDefaults();

    /** The text of a {@code publish} frame, as the project's codec writes it. */
    static String publishFrame(String id, String subject, String content) {
        return CODEC.encodeClientFrame(
                new ClientFrame.Publish(id, Subject.parse(subject), content));
    }

    private final BlockingQueue<EdgeFrame> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final CompletableFuture<EdgeFrame.Welcome> welcome = new CompletableFuture<>();
    private final WebSocket ws;
    private volatile boolean paused;
    private final StringBuilder partial = new StringBuilder();

    private RawClient(URI uri, HttpClient http) throws Exception {
        this.ws =
                http.newWebSocketBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .buildAsync(uri, new Listener())
                        .get(10, TimeUnit.SECONDS);
    }

    static RawClient connect(int port) throws Exception {
        return connect(port, "");
    }

    static RawClient connect(int port, String query) throws Exception {
        return connect(
                URI.create("ws://127.0.0.1:" + port + "/ws" + query), HttpClient.newHttpClient());
    }

    /**
     * Connects to {@code uri} (e.g. {@code wss://}) with {@code http}'s settings (its TLS trust).
     */
    static RawClient connect(URI uri, HttpClient http) throws Exception {
        return new RawClient(uri, http);
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            // A pause takes effect at a frame's end: a frame cut in parts is read whole. The next
            // frame is asked for before this one is handed over: a test woken by this frame (the
            // welcome) that pauses at once still gets the frame after it, as the JDK calls this
            // listener one frame at a time, never concurrently.
            if (!paused || !last) {
                webSocket.request(1);
            }
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    EdgeFrame frame = CODEC.decodeEdgeFrame(text);
                    if (!welcome.isDone() && frame instanceof EdgeFrame.Welcome w) {
                        welcome.complete(w);
                    } else {
                        welcome.completeExceptionally(
                                new AssertionError("the first frame was not welcome: " + text));
                        frames.add(frame);
                    }
                } catch (FrameDecodeException e) {
                    throw new AssertionError("edge sent an undecodable frame: " + text, e);
                }
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.completeExceptionally(error);
        }
    }

    void send(String text) {
        ws.sendText(text, true).join();
    }

    void sendBinary(byte[] bytes) {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /**
     * Stops asking for frames once the current one is read whole: the socket stops being read, as a
     * stuck client's would. Wait for {@link #welcome()} first, or the welcome is the last frame.
     */
    void pauseReading() {
        paused = true;
    }

    /** Reads again, one frame at a time, so that {@link #pauseReading} can stop it again. */
    void resumeReading() {
        paused = false;
        ws.request(1);
    }

    /** The edge's first frame (kept apart from {@link #next()}), or fails after 10 s. */
    EdgeFrame.Welcome welcome() throws Exception {
        return welcome.get(10, TimeUnit.SECONDS);
    }

    /** The next frame after the welcome, or fails after 10 s. */
    EdgeFrame next() throws InterruptedException {
        EdgeFrame f = frames.poll(10, TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("no frame within 10 s");
        }
        return f;
    }

    /** The next frame of type {@code type}, skipping others. */
    <T extends EdgeFrame> T next(Class<T> type) throws InterruptedException {
        while (true) {
            EdgeFrame f = next();
            if (type.isInstance(f)) {
                return type.cast(f);
            }
        }
    }

    /** The next {@code n} message frames. */
    List<EdgeFrame.Message> messages(int n) throws InterruptedException {
        List<EdgeFrame.Message> out = new ArrayList<>(n);
        while (out.size() < n) {
            out.add(next(EdgeFrame.Message.class));
        }
        return out;
    }

    /** The close code the edge sent, waiting up to 20 s. */
    int closeCode() throws Exception {
        return closeCode.get(20, TimeUnit.SECONDS);
    }

    /**
     * Sends unless the edge has closed the connection: false once it has. The edge may close the
     * socket before its close frame is read here, so a send that fails counts as closed too.
     */
    boolean sendUnlessClosed(String text) {
        if (closeCode.isDone()) {
            return false;
        }
        try {
            ws.sendText(text, true).join();
            return true;
        } catch (CompletionException e) {
            return false;
        }
    }

    /** A ping round trip: the edge still serves this connection. */
    void assertAlive(String id) throws InterruptedException {
        send("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
        EdgeFrame.Pong pong = next(EdgeFrame.Pong.class);
        if (!pong.id().equals(id)) {
            throw new AssertionError("pong for " + pong.id() + ", expected " + id);
        }
    }

    @Override
    public void close() {
        ws.abort();
    }
}
