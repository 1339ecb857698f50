package io.herald.edge.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * What a token must satisfy beyond its signature and {@code exp}.
 *
 * @param audience the {@code aud} a token must name, or null to accept any
 * @param issuer the {@code iss} a token must carry, or null to accept any
 * @param leeway clock skew tolerated on {@code exp}, {@code nbf} and {@code iat}
 */
public record TokenRules(String audience, String issuer, Duration leeway) {
    public TokenRules {
        Objects.requireNonNull(leeway, "leeway");
        if (leeway.isNegative()) {
            throw new IllegalArgumentException("leeway must not be negative");
        }
    }

    /** Any audience, any issuer, 5 s of clock skew. */
    public static TokenRules lenient() {
        return new TokenRules(null, null, Duration.ofSeconds(5));
    }
}
