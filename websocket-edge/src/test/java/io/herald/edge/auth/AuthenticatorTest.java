package io.herald.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.herald.edge.TestClock;
import io.herald.wire.Subject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuthenticatorTest {
    static final String SECRET = "authenticator-test-secret-32-bytes-long";
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final TestClock CLOCK = new TestClock(NOW.toEpochMilli());
    private static final Authenticator AUTH =
            Authenticator.create(
                    SECRET,
                    null,
                    new TokenRules("herald", "https://issuer.example", Duration.ofSeconds(5)),
                    CLOCK);

    private static com.auth0.jwt.JWTCreator.Builder valid() {
        return JWT.create()
                .withSubject("alice")
                .withAudience("herald")
                .withIssuer("https://issuer.example")
                .withExpiresAt(NOW.plusSeconds(60))
                .withArrayClaim("subscribe", new String[] {"/demo/*"});
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A token with this header and payload, signed with the secret as HS256 would. */
    static String signed(String headerJson, String payloadJson) {
        String content = b64(headerJson) + "." + b64(payloadJson);
        byte[] sig =
                Algorithm.HMAC256(SECRET)
                        .sign(
                                b64(headerJson).getBytes(StandardCharsets.US_ASCII),
                                b64(payloadJson).getBytes(StandardCharsets.US_ASCII));
        return content + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    }

    /** Every way a token can be malformed or unacceptable (PROTOCOL.md: close 4001). */
    static Stream<Arguments> badTokens() {
        String payload =
                "{\"sub\":\"alice\",\"aud\":\"herald\",\"iss\":\"https://issuer.example\",\"exp\":"
                        + NOW.plusSeconds(60).getEpochSecond()
                        + "}";
        return Stream.of(
                Arguments.of("header without alg", signed("{\"typ\":\"JWT\"}", payload)),
                Arguments.of("alg none", b64("{\"alg\":\"none\"}") + "." + b64(payload) + "."),
                Arguments.of("unknown algorithm", valid().sign(Algorithm.HMAC512(SECRET))),
                Arguments.of("alg not a string", signed("{\"alg\":7}", payload)),
                Arguments.of("bad base64", "!!!." + b64(payload) + ".abc"),
                Arguments.of("bad JSON", b64("{\"alg\":\"HS256\"") + "." + b64(payload) + ".x"),
                Arguments.of("payload not an object", signed("{\"alg\":\"HS256\"}", "[1,2]")),
                Arguments.of("not three parts", "abc.def"),
                Arguments.of("empty", ""),
                Arguments.of(
                        "wrong signature",
                        valid().sign(Algorithm.HMAC256("another-secret-of-at-least-32-bytes!"))),
                Arguments.of(
                        "expired beyond the leeway",
                        valid().withExpiresAt(NOW.minusSeconds(6)).sign(Algorithm.HMAC256(SECRET))),
                Arguments.of(
                        "nbf in the future beyond the leeway",
                        valid().withNotBefore(NOW.plusSeconds(30)).sign(Algorithm.HMAC256(SECRET))),
                Arguments.of(
                        "no exp",
                        JWT.create()
                                .withSubject("alice")
                                .withAudience("herald")
                                .withIssuer("https://issuer.example")
                                .sign(Algorithm.HMAC256(SECRET))),
                Arguments.of(
                        "exp not a number",
                        signed(
                                "{\"alg\":\"HS256\"}",
                                "{\"sub\":\"a\",\"aud\":\"herald\",\"iss\":\"https://issuer.example\","
                                        + "\"exp\":\"soon\"}")),
                Arguments.of(
                        "another audience",
                        valid().withAudience("other").sign(Algorithm.HMAC256(SECRET))),
                Arguments.of(
                        "another issuer",
                        valid().withIssuer("https://evil.example").sign(Algorithm.HMAC256(SECRET))),
                Arguments.of(
                        "subscribe not an array of strings",
                        valid().withClaim("subscribe", 5).sign(Algorithm.HMAC256(SECRET))),
                Arguments.of(
                        "a bad pattern",
                        valid().withArrayClaim("publish", new String[] {"no-slash"})
                                .sign(Algorithm.HMAC256(SECRET))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void aBadTokenIsRefusedWithAReasonThatNeverRepeatsIt(String what, String token) {
        assertThatThrownBy(() -> AUTH.authenticate(token))
                .isInstanceOf(AuthenticationException.class)
                .satisfies(
                        e -> {
                            for (String part : token.split("\\.")) {
                                if (part.length() > 8) {
                                    assertThat(e.getMessage()).doesNotContain(part);
                                }
                            }
                        });
    }

    @Test
    void aValidTokenGivesItsPrincipalWhoseExpiryIncludesTheLeeway() throws Exception {
        Principal p = AUTH.authenticate(valid().sign(Algorithm.HMAC256(SECRET)));
        assertThat(p.subject()).isEqualTo("alice");
        assertThat(p.expiresAt()).isEqualTo(NOW.plusSeconds(65));
        assertThat(p.maySubscribe(Subject.parse("/demo/x"))).isTrue();
        assertThat(p.maySubscribe(Subject.parse("/other/x"))).isFalse();
    }

    @Test
    void clockSkewWithinTheLeewayIsAccepted() throws Exception {
        assertThat(
                        AUTH.authenticate(
                                valid().withExpiresAt(NOW.minusSeconds(3))
                                        .withNotBefore(NOW.plusSeconds(3))
                                        .sign(Algorithm.HMAC256(SECRET))))
                .isNotNull();
    }

    @Test
    void withoutAudienceAndIssuerRulesAnyAreAccepted() throws Exception {
        Authenticator lenient = Authenticator.create(SECRET, null, TokenRules.lenient(), CLOCK);
        assertThat(
                        lenient.authenticate(
                                valid().withAudience("x")
                                        .withIssuer("y")
                                        .sign(Algorithm.HMAC256(SECRET))))
                .isNotNull();
    }

    @Test
    void aSecretShorterThan32BytesIsRefusedAtStart() {
        assertThatThrownBy(
                        () ->
                                Authenticator.create(
                                        "short-secret", null, TokenRules.lenient(), CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12 bytes")
                .hasMessageContaining("at least 32");
    }
}
