package io.herald.edge.it;

import java.io.IOException;

/**
 * An attack's sender on a thread of its own: a client that never reads blocks on its socket once
 * the edge stops reading it, so the test watches the edge meanwhile and then closes the socket,
 * which ends the sender.
 */
final class Flood implements AutoCloseable {
    /** One step of the attack; {@code i} counts from 0. */
    interface Step {
        void send(int i) throws IOException;
    }

    private final Thread thread;
    private final AutoCloseable socket;
    private volatile int sent;
    private volatile IOException ended;

    Flood(String name, int count, AutoCloseable socket, Step step) {
        this.socket = socket;
        this.thread =
                new Thread(
                        () -> {
                            try {
                                for (int i = 0; i < count; i++) {
                                    step.send(i);
                                    sent = i + 1;
                                }
                            } catch (IOException e) {
                                // The edge closed the connection, or the test closed the socket.
                                ended = e;
                            }
                        },
                        name);
        thread.setDaemon(true);
        thread.start();
    }

    /** How many steps went out whole. */
    int sent() {
        return sent;
    }

    boolean isDone() {
        return !thread.isAlive();
    }

    /** What the sender saw so far, for a failed assertion's message. */
    String describe() {
        return "sent=" + sent + (ended == null ? "" : " ended by " + ended);
    }

    @Override
    public void close() throws Exception {
        socket.close();
        thread.join(10_000);
    }
}
