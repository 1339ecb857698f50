package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.client.ReconnectPolicy.Reconnect;
import io.herald.wire.ProtocolVectors;
import java.net.URI;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The reaction to every close code of docs/protocol/vectors/codes.json, in virtual time. */
class ReconnectPolicyTest {

    private static final long INITIAL = 100;
    private static final long GOING_AWAY = 250;
    private static final long STABLE = 5_000;

    private static ReconnectPolicy policy() {
        return new ReconnectPolicy(
                HeraldClientConfig.builder(URI.create("ws://a/ws"), URI.create("ws://b/ws"))
                        .backoff(Duration.ofMillis(INITIAL), Duration.ofSeconds(5), 2.0, 0.0)
                        .goingAwayDelay(Duration.ofMillis(GOING_AWAY))
                        .stableAfter(Duration.ofMillis(STABLE))
                        .build(),
                new Random(9));
    }

    static Stream<Arguments> closeCodes() {
        return Stream.concat(
                        ProtocolVectors.entries("codes.json", "/closeCodes").stream(),
                        ProtocolVectors.entries("codes.json", "/otherCloseCodes").stream())
                .map(v -> Arguments.of(v.path("code").intValue(), v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("closeCodes")
    void reactsToEveryCloseCodeAsTheVectorsSay(int code, JsonNode v) {
        Reconnect reconnect = Reconnect.valueOf(v.path("reconnect").textValue().toUpperCase());
        boolean resets = v.path("stableResetsBackoff").booleanValue();
        assertThat(ReconnectPolicy.reconnectOn(code)).isEqualTo(reconnect);
        assertThat(ReconnectPolicy.stableResetsBackoff(code)).isEqualTo(resets);

        // After two failed attempts the next backoff is 4 × INITIAL; then a stable connection ends.
        ReconnectPolicy policy = policy();
        policy.delayAfterClose(1006, 0);
        policy.delayAfterClose(1006, 0);
        policy.connected(1_000);
        long delay = policy.delayAfterClose(code, 1_000 + STABLE);
        long backoff = resets ? INITIAL : 4 * INITIAL;
        switch (reconnect) {
            case NEVER -> assertThat(delay).isEqualTo(ReconnectPolicy.STOP);
            case SOON -> {
                assertThat(delay).isBetween(0L, GOING_AWAY);
                assertThat(policy.delayAfterClose(1006, 0)).isEqualTo(backoff);
            }
            case BACKOFF -> assertThat(delay).isEqualTo(backoff);
        }

        // A connection that ends before it is stable counts as a failure, whatever the code.
        ReconnectPolicy fresh = policy();
        fresh.connected(0);
        assertThat(fresh.delayAfterClose(code, STABLE - 1))
                .isEqualTo(reconnect == Reconnect.NEVER ? ReconnectPolicy.STOP : INITIAL);
    }

    @Test
    void backsOffExponentiallyWhileAttemptsFail() {
        ReconnectPolicy policy = policy();
        assertThat(Stream.generate(() -> policy.delayAfterClose(1006, 0)).limit(5).toList())
                .containsExactly(100L, 200L, 400L, 800L, 1600L);
    }

    @Test
    void alternatesBetweenTheEdges() {
        ReconnectPolicy policy = policy();
        URI first = policy.nextEdge();
        URI second = policy.nextEdge();
        assertThat(second).isNotEqualTo(first);
        assertThat(policy.nextEdge()).isEqualTo(first);
    }
}
