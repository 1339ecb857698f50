package io.herald.edge.auth;

/** A token that cannot be accepted; the message says why and is fit to send to the client. */
public final class AuthenticationException extends Exception {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(message, null, false, false);
    }
}
