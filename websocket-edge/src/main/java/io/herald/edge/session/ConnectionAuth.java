package io.herald.edge.session;

import io.herald.edge.auth.AuthenticationException;
import io.herald.edge.auth.Authenticator;
import io.herald.edge.auth.Principal;
import io.herald.wire.frame.CloseCode;
import io.herald.wire.frame.ErrorCode;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Who one connection is: anonymous when authentication is off, else nobody until a token is
 * accepted (from the query or an {@code auth} frame; a later one refreshes it). A refused token
 * gets {@code UNAUTHENTICATED} and close 4001; so does the token's expiry. Confined to the
 * connection's event loop.
 */
final class ConnectionAuth {
    private final Connection connection;
    private final Authenticator authenticator;
    private Principal principal;
    private ScheduledFuture<?> expiry;

    ConnectionAuth(Connection connection, Authenticator authenticator) {
        this.connection = connection;
        this.authenticator = authenticator;
        this.principal = authenticator == null ? Principal.ANONYMOUS : null;
    }

    /** The authenticated principal, or null while authentication is pending. */
    Principal principal() {
        return principal;
    }

    boolean enabled() {
        return authenticator != null;
    }

    /** Verifies {@code token}; on failure answers and closes the connection with 4001. */
    void authenticate(String token) {
        Principal p;
        try {
            p = authenticator.authenticate(token);
        } catch (AuthenticationException e) {
            connection.sendError(null, ErrorCode.UNAUTHENTICATED, e.getMessage());
            connection.closeWith(CloseCode.UNAUTHENTICATED.code(), "unauthenticated");
            return;
        }
        principal = p;
        release();
        long delay = p.expiresAt().toEpochMilli() - authenticator.nowMillis();
        expiry =
                connection
                        .loop()
                        .schedule(
                                () -> {
                                    connection.sendError(
                                            null, ErrorCode.UNAUTHENTICATED, "token expired");
                                    connection.closeWith(
                                            CloseCode.UNAUTHENTICATED.code(), "token expired");
                                },
                                Math.max(0, delay),
                                TimeUnit.MILLISECONDS);
    }

    /** Cancels the expiry timer. */
    void release() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }
}
