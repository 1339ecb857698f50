package io.herald.bench.server;

import io.herald.bench.load.GeneratorSpec;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes through an edge as a client does: {@code publish} frames over a few WebSocket
 * connections, round-robin (an edge limits each connection's frame rate and pending publishes),
 * counting {@code published} acks and everything refused ({@code error} frames, closes).
 */
final class EdgePublisher implements Publisher {
    private final List<WebSocket> sockets = new ArrayList<>();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private long next;

    private final URI uri;

    /**
     * Publish ids name messages for the sequencer's de-duplication (PROTOCOL.md): unique per run,
     * so that a later run against the same stack is not taken for resends of this one.
     */
    private final String idPrefix = UUID.randomUUID() + "-p";

    EdgePublisher(int port, int connections) {
        this.uri = URI.create("ws://127.0.0.1:" + port + "/ws");
        for (int i = 0; i < connections; i++) {
            sockets.add(open());
        }
    }

    private WebSocket open() {
        return Http.CLIENT.newWebSocketBuilder().buildAsync(uri, new Acks()).join();
    }

    /** Counts acks and refusals from the edge's frames. */
    private final class Acks implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            String text = data.toString();
            if (text.contains("\"type\":\"published\"")) {
                acked.incrementAndGet();
            } else if (text.contains("\"type\":\"error\"")) {
                refused.incrementAndGet();
            }
            ws.request(1);
            return null;
        }
    }

    @Override
    public void publish(int subject, byte[] content) {
        long id = next++;
        String frame =
                "{\"type\":\"publish\",\"id\":\""
                        + idPrefix
                        + id
                        + "\",\"subject\":\""
                        + GeneratorSpec.subject(subject)
                        + "\",\"content\":\""
                        + new String(content, StandardCharsets.US_ASCII)
                        + "\"}";
        int i = (int) (id % sockets.size());
        try {
            sockets.get(i).sendText(frame, true).join();
        } catch (CompletionException closedByTheEdge) {
            // The edge closed the connection (e.g. 4029 after refusing publishes): the message is
            // refused, and the publisher connects again as a client would.
            refused.incrementAndGet();
            sockets.set(i, open());
        }
    }

    @Override
    public long acked() {
        return acked.get();
    }

    @Override
    public long refused() {
        return refused.get();
    }

    @Override
    public void flush() {
        // every publish waited for its frame to be sent; acks arrive on their own
    }

    @Override
    public void close() {
        for (WebSocket ws : sockets) {
            ws.abort();
        }
    }
}
