package io.herald.edge.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.herald.edge.log.LogSafe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Verifies JWTs (HS256 with a shared secret, RS256 with a PEM public key; whichever the token's
 * header names, if configured) and turns their claims into a {@link Principal}: {@code exp}
 * (required), {@code sub}, and {@code subscribe} / {@code publish} arrays of subject patterns;
 * {@code aud} and {@code iss} when the {@link TokenRules} name them, {@code nbf} when present, all
 * within the rules' leeway. Any token it cannot accept, however malformed (no {@code alg}, {@code
 * alg: none}, bad base64 or JSON), ends in an {@link AuthenticationException} whose message never
 * repeats the token. Thread-safe.
 */
public final class Authenticator {
    private final JWTVerifier hs256;
    private final JWTVerifier rs256;
    private final Duration leeway;
    private final Clock clock;

    private Authenticator(JWTVerifier hs256, JWTVerifier rs256, Duration leeway, Clock clock) {
        this.leeway = leeway;
        this.hs256 = hs256;
        this.rs256 = rs256;
        this.clock = clock;
    }

    /** The shortest HS256 secret accepted: as long as the hash (RFC 7518, section 3.2). */
    public static final int MIN_HS256_SECRET_BYTES = 32;

    /**
     * An authenticator for the configured keys (either may be null); null when both are, i.e. when
     * authentication is off. Throws IllegalArgumentException when the secret is shorter than {@link
     * #MIN_HS256_SECRET_BYTES} or the public key file is not a PEM RSA public key.
     */
    public static Authenticator create(
            String hs256Secret, Path rs256PublicKey, TokenRules rules, Clock clock) {
        if (hs256Secret == null && rs256PublicKey == null) {
            return null;
        }
        JWTVerifier hs = null;
        JWTVerifier rs = null;
        if (hs256Secret != null) {
            checkSecretLength(hs256Secret);
            hs = verifier(Algorithm.HMAC256(hs256Secret), rules, clock);
        }
        if (rs256PublicKey != null) {
            rs = verifier(Algorithm.RSA256(readPublicKey(rs256PublicKey), null), rules, clock);
        }
        return new Authenticator(hs, rs, rules.leeway(), clock);
    }

    /** Throws IllegalArgumentException when {@code secret} is too short to be an HS256 key. */
    public static void checkSecretLength(String secret) {
        int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_HS256_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "the HS256 secret has "
                            + bytes
                            + " bytes; at least "
                            + MIN_HS256_SECRET_BYTES
                            + " are needed (e.g. openssl rand -base64 32)");
        }
    }

    private static JWTVerifier verifier(Algorithm algorithm, TokenRules rules, Clock clock) {
        com.auth0.jwt.interfaces.Verification v =
                JWT.require(algorithm)
                        .withClaimPresence("exp")
                        .acceptLeeway(rules.leeway().toSeconds());
        if (rules.audience() != null) {
            v = v.withAudience(rules.audience());
        }
        if (rules.issuer() != null) {
            v = v.withIssuer(rules.issuer());
        }
        return ((JWTVerifier.BaseVerification) v).build(clock);
    }

    /** Verifies {@code token}; throws with a client-safe reason when it is not acceptable. */
    public Principal authenticate(String token) throws AuthenticationException {
        DecodedJWT decoded;
        try {
            decoded = JWT.decode(token);
        } catch (RuntimeException e) { // the library's JWTDecodeException, or worse on odd input
            throw new AuthenticationException("malformed token");
        }
        JWTVerifier verifier = verifierFor(decoded.getAlgorithm());
        try {
            decoded = verifier.verify(decoded);
        } catch (JWTVerificationException e) {
            throw new AuthenticationException("invalid token: " + reason(e));
        } catch (RuntimeException e) { // e.g. a claim of an unexpected JSON type
            throw new AuthenticationException("invalid token: malformed claims");
        }
        return new Principal(
                decoded.getSubject() == null ? "unknown" : decoded.getSubject(),
                decoded.getExpiresAtAsInstant().plus(leeway),
                patterns(decoded.getClaim("subscribe"), "subscribe"),
                patterns(decoded.getClaim("publish"), "publish"),
                false);
    }

    private JWTVerifier verifierFor(String algorithm) throws AuthenticationException {
        if (algorithm == null) {
            throw new AuthenticationException("malformed token: its header has no alg");
        }
        JWTVerifier verifier =
                switch (algorithm) {
                    case "HS256" -> hs256;
                    case "RS256" -> rs256;
                    default -> null;
                };
        if (verifier == null) {
            throw new AuthenticationException(
                    "token algorithm not accepted: " + LogSafe.text(algorithm));
        }
        return verifier;
    }

    /** Why the verifier refused a token, in our words: its messages may quote claim values. */
    private static String reason(JWTVerificationException e) {
        if (e instanceof TokenExpiredException) {
            return "expired";
        } else if (e instanceof SignatureVerificationException) {
            return "bad signature";
        } else if (e instanceof MissingClaimException m) {
            return "claim " + m.getClaimName() + " missing";
        } else if (e instanceof IncorrectClaimException c) {
            return "claim " + c.getClaimName() + " not accepted";
        }
        return "not accepted";
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
