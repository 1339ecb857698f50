package io.herald.client;

import io.herald.wire.frame.ClientFrame;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.FrameCodec;
import io.herald.wire.frame.FrameDecodeException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link Transport} the test drives: it opens, feeds and closes each connection attempt. */
final class ScriptedTransport implements Transport {

    static final FrameCodec CODEC = FrameCodec.withDefaults();

    /** One connection attempt. */
    static final class Attempt implements Connection {
        final URI uri;
        final Listener listener;
        final List<ClientFrame> sent = new ArrayList<>();
        long requested;
        Integer closeCode;
        boolean aborted;

        Attempt(URI uri, Listener listener) {
            this.uri = uri;
            this.listener = listener;
        }

        void open() {
            listener.onOpen(this);
        }

        void receive(EdgeFrame frame) {
            receiveText(new String(CODEC.encodeEdgeFrame(frame), StandardCharsets.UTF_8));
        }

        void receiveText(String text) {
            listener.onText(text);
        }

        void closedByEdge(int code) {
            listener.onClosed(code, "closed by test");
        }

        @SuppressWarnings("unchecked")
        <T extends ClientFrame> List<T> sent(Class<T> type) {
            return (List<T>) sent.stream().filter(type::isInstance).toList();
        }

        @Override
        public void send(String text) {
            try {
                sent.add(CODEC.decodeClientFrame(text));
            } catch (FrameDecodeException e) {
                throw new AssertionError("client sent an invalid frame: " + text, e);
            }
        }

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void close(int code, String reason) {
            closeCode = code;
        }

        @Override
        public void abort() {
            aborted = true;
        }
    }

    final List<Attempt> attempts = new ArrayList<>();

    @Override
    public void connect(URI uri, Duration timeout, Listener listener) {
        attempts.add(new Attempt(uri, listener));
    }

    Attempt last() {
        return attempts.get(attempts.size() - 1);
    }
}
