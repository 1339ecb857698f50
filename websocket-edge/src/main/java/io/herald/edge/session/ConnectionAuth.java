package io.herald.edge.session;

import io.herald.edge.auth.AuthenticationException;
import io.herald.edge.auth.Authenticator;
import io.herald.edge.auth.Principal;
import io.herald.wire.frame.CloseCode;
import io.herald.wire.frame.ErrorCode;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Who one connection is: anonymous when authentication is off, else nobody until a token is
 * accepted (from the query or an {@code auth} frame; a later one refreshes it, and must name the
 * same {@code sub}). A refused token, a request or a binary frame before authentication, no
 * accepted token within the auth timeout (whatever else the client sends meanwhile), and the
 * token's expiry all get {@code UNAUTHENTICATED} and close 4001. Confined to the connection's event
 * loop, whose timers it uses.
 */
final class ConnectionAuth {
    private final Authenticator authenticator;
    private final Outbound out;
    private final ScheduledExecutorService timers;
    private Principal principal;
    private ScheduledFuture<?> deadline;
    private ScheduledFuture<?> expiry;

    /**
     * {@code authenticator}: null when authentication is off; else the connection is closed unless
     * it authenticates within {@code timeout}.
     */
    ConnectionAuth(
            Authenticator authenticator,
            Outbound out,
            ScheduledExecutorService timers,
            Duration timeout) {
        this.authenticator = authenticator;
        this.out = out;
        this.timers = timers;
        this.principal = authenticator == null ? Principal.ANONYMOUS : null;
        if (authenticator != null) {
            this.deadline =
                    timers.schedule(
                            () ->
                                    refuse(
                                            null,
                                            "not authenticated within " + timeout,
                                            "auth timeout"),
                            timeout.toMillis(),
                            TimeUnit.MILLISECONDS);
        }
    }

    /** The authenticated principal, or null while authentication is pending. */
    Principal principal() {
        return principal;
    }

    boolean enabled() {
        return authenticator != null;
    }

    /**
     * Verifies {@code token}; true when it was accepted (the principal changed), else the
     * connection was answered and closed with 4001.
     */
    boolean authenticate(String token) {
        Principal p;
        try {
            p = authenticator.authenticate(token);
        } catch (AuthenticationException e) {
            refuse(null, e.getMessage(), "unauthenticated");
            return false;
        }
        if (principal != null && !principal.subject().equals(p.subject())) {
            refuse(null, "a refreshed token must carry the same sub", "token sub changed");
            return false;
        }
        principal = p;
        release();
        long delay = p.expiresAt().toEpochMilli() - authenticator.nowMillis();
        expiry =
                timers.schedule(
                        () -> refuse(null, "token expired", "token expired"),
                        Math.max(0, delay),
                        TimeUnit.MILLISECONDS);
        return true;
    }

    /** Something other than a token came before one: answer and close with 4001. */
    void refuseUnauthenticated(String requestId) {
        refuse(requestId, "authenticate first", "unauthenticated");
    }

    /** Cancels the timers. */
    void release() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }

    private void refuse(String requestId, String message, String closeReason) {
        out.sendError(requestId, ErrorCode.UNAUTHENTICATED, message);
        out.close(CloseCode.UNAUTHENTICATED.code(), closeReason);
    }
}
