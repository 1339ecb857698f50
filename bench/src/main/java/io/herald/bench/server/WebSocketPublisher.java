package io.herald.bench.server;

import io.herald.bench.load.GeneratorSpec;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;

/**
 * Publishes to the bare Netty server: one text frame {@code "<channel> <content>"} on {@code /pub}.
 */
final class WebSocketPublisher implements Publisher {
    private final WebSocket socket;

    WebSocketPublisher(int port) {
        this.socket =
                Http.CLIENT
                        .newWebSocketBuilder()
                        .buildAsync(
                                URI.create("ws://127.0.0.1:" + port + "/pub"),
                                new WebSocket.Listener() {})
                        .join();
    }

    @Override
    public void publish(int subject, byte[] content) {
        String text =
                GeneratorSpec.channel(subject)
                        + " "
                        + new String(content, StandardCharsets.US_ASCII);
        socket.sendText(text, true).join();
    }

    @Override
    public void flush() {
        // every publish waited for its frame to be sent
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }
}
