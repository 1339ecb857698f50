package io.herald.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.algorithms.Algorithm;
import io.herald.edge.TestClock;
import io.herald.wire.Subject;
import java.time.Duration;
import java.time.Instant;
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
                    new TokenRules(BadTokens.AUDIENCE, BadTokens.ISSUER, Duration.ofSeconds(5)),
                    CLOCK);

    private static com.auth0.jwt.JWTCreator.Builder valid() {
        return BadTokens.valid(NOW);
    }

    static Stream<Arguments> badTokens() {
        return BadTokens.all(SECRET, NOW);
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
