package io.herald.savepoints;

/**
 * Bad command-line input: an unknown option, a missing or malformed value. The message says what is
 * wrong in terms the user typed; the CLI prints it with the usage and exits with status 2.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
