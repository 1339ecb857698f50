package io.herald.edge.auth;

import io.herald.wire.Subject;
import java.time.Instant;
import java.util.List;

/**
 * Who a connection is and what it may do: the token's {@code sub}, when it stops being accepted
 * (its {@code exp} plus the clock-skew leeway), and its {@code subscribe} / {@code publish} subject
 * patterns (see {@link SubjectPattern}). {@link #ANONYMOUS} (authentication off) may do anything.
 */
public record Principal(
        String subject,
        Instant expiresAt,
        List<SubjectPattern> subscribe,
        List<SubjectPattern> publish,
        boolean unrestricted) {

    public static final Principal ANONYMOUS =
            new Principal("anonymous", null, List.of(), List.of(), true);

    public Principal {
        subscribe = List.copyOf(subscribe);
        publish = List.copyOf(publish);
    }

    public boolean maySubscribe(Subject s) {
        return unrestricted || SubjectPattern.anyMatches(subscribe, s);
    }

    public boolean mayPublish(Subject s) {
        return unrestricted || SubjectPattern.anyMatches(publish, s);
    }
}
