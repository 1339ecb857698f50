package io.herald.bench.server;

/** Publishes contents on numbered subjects of a {@link Server}; the way depends on the server. */
public interface Publisher extends AutoCloseable {

    /** Publishes {@code content} on subject (or channel) number {@code subject}. */
    void publish(int subject, byte[] content) throws Exception;

    /** Publishes acknowledged so far, or -1 when this way of publishing has no acks. */
    default long acked() {
        return -1;
    }

    /**
     * Publishes the server refused or that failed so far (nchan's HTTP errors, an edge's errors).
     */
    default long refused() {
        return 0;
    }

    /** Waits until everything published so far is with the server. */
    void flush() throws Exception;

    @Override
    void close();
}
