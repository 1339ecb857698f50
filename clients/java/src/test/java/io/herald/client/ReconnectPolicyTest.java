package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {

    private final ReconnectPolicy policy =
            new ReconnectPolicy(
                    HeraldClientConfig.builder(URI.create("ws://a/ws"), URI.create("ws://b/ws"))
                            .backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0, 0.0)
                            .goingAwayDelay(Duration.ofMillis(250))
                            .stableAfter(Duration.ofSeconds(5))
                            .build(),
                    new Random(9));

    @Test
    void goingAwayReconnectsWithinTheSpreadWithoutGrowingTheBackoff() {
        for (int i = 0; i < 50; i++) {
            assertThat(policy.delayAfterClose(1001, 0)).isBetween(0L, 250L);
        }
        assertThat(policy.delayAfterClose(1006, 0)).isEqualTo(100);
    }

    @Test
    void everyOtherCloseBacksOff() {
        assertThat(policy.delayAfterClose(4008, 0)).isEqualTo(100);
        assertThat(policy.delayAfterClose(4029, 0)).isEqualTo(200);
        assertThat(policy.delayAfterClose(1009, 0)).isEqualTo(400);
        assertThat(policy.delayAfterClose(1000, 0)).isEqualTo(800);
        assertThat(policy.delayAfterClose(1006, 0)).isEqualTo(1600);
    }

    @Test
    void unauthenticatedStops() {
        assertThat(policy.delayAfterClose(4001, 0)).isEqualTo(ReconnectPolicy.STOP);
    }

    @Test
    void onlyAStableConnectionResetsTheBackoff() {
        policy.delayAfterClose(1006, 0);
        policy.connected(1_000);
        assertThat(policy.delayAfterClose(4008, 5_999)).isEqualTo(200);
        policy.connected(10_000);
        assertThat(policy.delayAfterClose(4008, 15_000)).isEqualTo(100);
    }

    @Test
    void alternatesBetweenTheEdges() {
        URI first = policy.nextEdge();
        URI second = policy.nextEdge();
        assertThat(second).isNotEqualTo(first);
        assertThat(policy.nextEdge()).isEqualTo(first);
    }
}
