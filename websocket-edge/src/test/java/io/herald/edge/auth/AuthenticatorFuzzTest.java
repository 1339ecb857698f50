package io.herald.edge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.herald.edge.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Coverage-guided fuzzing of the token path: whatever bytes a client sends as its token (read as
 * UTF-8, as the edge's frame decoder does), the authenticator either accepts it or refuses it with
 * an {@link AuthenticationException} (which the edge turns into {@code UNAUTHENTICATED} and close
 * 4001), never another exception, and its reason never repeats the token. The build runs it in
 * fuzzing mode for a bounded time; its corpus (seeds and findings) is committed under {@code
 * src/test/resources/.../AuthenticatorFuzzTestInputs}, and every finding stays there as a
 * regression input.
 */
class AuthenticatorFuzzTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Authenticator AUTH =
            Authenticator.create(
                    AuthenticatorTest.SECRET,
                    null,
                    new TokenRules("herald", null, Duration.ofSeconds(5)),
                    new TestClock(NOW.toEpochMilli()));

    @FuzzTest(maxDuration = "20s")
    void anyTokenIsAcceptedOrRefusedNeverThrowsAnythingElse(byte[] input) {
        String token = new String(input, StandardCharsets.UTF_8);
        try {
            assertThat(AUTH.authenticate(token)).isNotNull();
        } catch (AuthenticationException e) {
            if (token.length() > 16) {
                assertThat(e.getMessage()).doesNotContain(token);
            }
        }
    }
}
