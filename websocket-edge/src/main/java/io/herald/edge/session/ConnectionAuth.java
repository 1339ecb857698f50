package io.herald.edge.session;

import io.herald.edge.auth.AuthenticationException;
import io.herald.edge.auth.Authenticator;
import io.herald.edge.auth.Principal;
import io.herald.wire.frame.CloseCode;
import io.herald.wire.frame.ErrorCode;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Who one connection is: anonymous when authentication is off, else nobody until a token is
 * accepted (from the query or an {@code auth} frame; a later one refreshes it). A refused token
 * gets {@code UNAUTHENTICATED} and close 4001; so does the token's expiry. Confined to the
 * connection's event loop, whose timers it uses.
 */
final class ConnectionAuth {
    private final Authenticator authenticator;
    private final Outbound out;
    private final ScheduledExecutorService timers;
    private Principal principal;
    private ScheduledFuture<?> expiry;

    /** {@code authenticator}: null when authentication is off. */
    ConnectionAuth(Authenticator authenticator, Outbound out, ScheduledExecutorService timers) {
        this.authenticator = authenticator;
        this.out = out;
        this.timers = timers;
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
            refuse(e.getMessage(), "unauthenticated");
            return;
        }
        principal = p;
        release();
        long delay = p.expiresAt().toEpochMilli() - authenticator.nowMillis();
        expiry =
                timers.schedule(
                        () -> refuse("token expired", "token expired"),
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

    private void refuse(String message, String closeReason) {
        out.sendError(null, ErrorCode.UNAUTHENTICATED, message);
        out.close(CloseCode.UNAUTHENTICATED.code(), closeReason);
    }
}
