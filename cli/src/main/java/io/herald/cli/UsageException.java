package io.herald.cli;

/**
 * Bad command-line input: an unknown or repeated option, a missing or malformed value, values that
 * do not fit together. The message names the option in the terms the user typed; a process prints
 * it and exits with {@link Cli#EXIT_USAGE}.
 */
public final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }

    public UsageException(String message) {
        super(message);
    }
}
