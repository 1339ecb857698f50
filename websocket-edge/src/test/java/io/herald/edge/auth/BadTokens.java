package io.herald.edge.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Every way a token can be malformed or unacceptable to an edge whose tokens must name audience
 * {@code herald} and issuer {@code https://issuer.example} (a 5 s leeway): named cases for
 * parameterized tests, each to be refused with {@code UNAUTHENTICATED} and close 4001.
 */
public final class BadTokens {
    public static final String AUDIENCE = "herald";
    public static final String ISSUER = "https://issuer.example";

    private BadTokens() {}

    /** A token builder every rule accepts at {@code now}: sub alice, subscribe /demo/*. */
    public static JWTCreator.Builder valid(Instant now) {
        return JWT.create()
                .withSubject("alice")
                .withAudience(AUDIENCE)
                .withIssuer(ISSUER)
                .withExpiresAt(now.plusSeconds(60))
                .withArrayClaim("subscribe", new String[] {"/demo/*"});
    }

    /** (name, token) pairs, the signed ones with {@code secret}, timed against {@code now}. */
    public static Stream<Arguments> all(String secret, Instant now) {
        Algorithm hs256 = Algorithm.HMAC256(secret);
        String payload =
                "{\"sub\":\"alice\",\"aud\":\""
                        + AUDIENCE
                        + "\",\"iss\":\""
                        + ISSUER
                        + "\",\"exp\":"
                        + now.plusSeconds(60).getEpochSecond()
                        + "}";
        return Stream.of(
                Arguments.of("header without alg", signed(hs256, "{\"typ\":\"JWT\"}", payload)),
                Arguments.of("alg none", b64("{\"alg\":\"none\"}") + "." + b64(payload) + "."),
                Arguments.of("unknown algorithm", valid(now).sign(Algorithm.HMAC512(secret))),
                Arguments.of("alg not a string", signed(hs256, "{\"alg\":7}", payload)),
                Arguments.of("bad base64", "!!!." + b64(payload) + ".abc"),
                Arguments.of("bad JSON", b64("{\"alg\":\"HS256\"") + "." + b64(payload) + ".x"),
                Arguments.of("payload not an object", signed(hs256, "{\"alg\":\"HS256\"}", "[1]")),
                Arguments.of("not three parts", "abc.def"),
                Arguments.of(
                        "wrong signature",
                        valid(now).sign(Algorithm.HMAC256("another-secret-of-at-least-32-bytes"))),
                Arguments.of(
                        "expired beyond the leeway",
                        valid(now).withExpiresAt(now.minusSeconds(30)).sign(hs256)),
                Arguments.of(
                        "nbf in the future beyond the leeway",
                        valid(now).withNotBefore(now.plusSeconds(30)).sign(hs256)),
                Arguments.of(
                        "no exp",
                        JWT.create()
                                .withSubject("alice")
                                .withAudience(AUDIENCE)
                                .withIssuer(ISSUER)
                                .sign(hs256)),
                Arguments.of(
                        "exp not a number",
                        signed(
                                hs256,
                                "{\"alg\":\"HS256\"}",
                                "{\"sub\":\"a\",\"aud\":\""
                                        + AUDIENCE
                                        + "\",\"iss\":\""
                                        + ISSUER
                                        + "\",\"exp\":\"soon\"}")),
                Arguments.of("another audience", valid(now).withAudience("other").sign(hs256)),
                Arguments.of(
                        "another issuer",
                        valid(now).withIssuer("https://evil.example").sign(hs256)),
                Arguments.of(
                        "subscribe not an array of strings",
                        valid(now).withClaim("subscribe", 5).sign(hs256)),
                Arguments.of(
                        "a bad pattern",
                        valid(now)
                                .withArrayClaim("publish", new String[] {"no-slash"})
                                .sign(hs256)));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A token with this header and payload, signed as HS256 would be whatever the header says. */
    private static String signed(Algorithm hs256, String headerJson, String payloadJson) {
        byte[] sig =
                hs256.sign(
                        b64(headerJson).getBytes(StandardCharsets.US_ASCII),
                        b64(payloadJson).getBytes(StandardCharsets.US_ASCII));
        return b64(headerJson)
                + "."
                + b64(payloadJson)
                + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    }
}
