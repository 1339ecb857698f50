package io.herald.edge.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Verifies JWTs (HS256 with a shared secret, RS256 with a PEM public key; whichever the token's
 * header names, if configured) and turns their claims into a {@link Principal}: {@code exp}
 * (required), {@code sub}, and {@code subscribe} / {@code publish} arrays of subject patterns.
 * Thread-safe.
 */
public final class Authenticator {
    private final JWTVerifier hs256;
    private final JWTVerifier rs256;
    private final Clock clock;

    private Authenticator(JWTVerifier hs256, JWTVerifier rs256, Clock clock) {
        this.hs256 = hs256;
        this.rs256 = rs256;
        this.clock = clock;
    }

    /**
     * An authenticator for the configured keys (either may be null); null when both are, i.e. when
     * authentication is off. Throws IllegalArgumentException when the public key file is not a PEM
     * RSA public key.
     */
    public static Authenticator create(String hs256Secret, Path rs256PublicKey, Clock clock) {
        if (hs256Secret == null && rs256PublicKey == null) {
            return null;
        }
        JWTVerifier hs = null;
        JWTVerifier rs = null;
        if (hs256Secret != null) {
            hs = verifier(Algorithm.HMAC256(hs256Secret), clock);
        }
        if (rs256PublicKey != null) {
            rs = verifier(Algorithm.RSA256(readPublicKey(rs256PublicKey), null), clock);
        }
        return new Authenticator(hs, rs, clock);
    }

    private static JWTVerifier verifier(Algorithm algorithm, Clock clock) {
        return ((JWTVerifier.BaseVerification) JWT.require(algorithm).withClaimPresence("exp"))
                .build(clock);
    }

    /** Verifies {@code token}; throws with a client-safe reason when it is not acceptable. */
    public Principal authenticate(String token) throws AuthenticationException {
        DecodedJWT decoded;
        try {
            decoded = JWT.decode(token);
        } catch (JWTVerificationException e) {
            throw new AuthenticationException("malformed token");
        }
        JWTVerifier verifier =
                switch (decoded.getAlgorithm()) {
                    case "HS256" -> hs256;
                    case "RS256" -> rs256;
                    default -> null;
                };
        if (verifier == null) {
            throw new AuthenticationException(
                    "token algorithm not accepted: " + decoded.getAlgorithm());
        }
        try {
            decoded = verifier.verify(decoded);
        } catch (JWTVerificationException e) {
            throw new AuthenticationException("invalid token: " + e.getMessage());
        }
        return new Principal(
                decoded.getSubject() == null ? "unknown" : decoded.getSubject(),
                decoded.getExpiresAtAsInstant(),
                patterns(decoded.getClaim("subscribe"), "subscribe"),
                patterns(decoded.getClaim("publish"), "publish"),
                false);
    }

    /** Now, as the verifier sees it (for scheduling expiry). */
    public long nowMillis() {
        return clock.millis();
    }

    private static List<SubjectPattern> patterns(Claim claim, String name)
            throws AuthenticationException {
        if (claim == null || claim.isMissing() || claim.isNull()) {
            return List.of();
        }
        List<String> raw = claim.asList(String.class);
        if (raw == null) {
            throw new AuthenticationException("claim " + name + " must be an array of strings");
        }
        List<SubjectPattern> out = new ArrayList<>(raw.size());
        for (String p : raw) {
            try {
                out.add(SubjectPattern.parse(p));
            } catch (IllegalArgumentException e) {
                throw new AuthenticationException("claim " + name + " has a bad pattern: " + p);
            }
        }
        return out;
    }

    private static RSAPublicKey readPublicKey(Path file) {
        try {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            String base64 =
                    pem.replace("-----BEGIN PUBLIC KEY-----", "")
                            .replace("-----END PUBLIC KEY-----", "")
                            .replaceAll("\\s", "");
            byte[] der = Base64.getDecoder().decode(base64);
            return (RSAPublicKey)
                    KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--auth-rs256-public-key: not a PEM RSA public key: "
                            + file
                            + " ("
                            + e.getMessage()
                            + ")",
                    e);
        }
    }
}
