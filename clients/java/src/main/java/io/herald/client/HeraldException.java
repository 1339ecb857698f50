package io.herald.client;

/**
 * A failure of a client operation that is not an {@code error} frame: the client was closed, or the
 * connection was lost while a publish awaited its ack (its outcome is then unknown: it may or may
 * not have been committed). See {@link HeraldErrorException} for errors carrying a protocol error
 * code.
 */
public class HeraldException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HeraldException(String message) {
        super(message);
    }

    public HeraldException(String message, Throwable cause) {
        super(message, cause);
    }
}
