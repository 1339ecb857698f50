package io.herald.edge.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {
    @Test
    void allowsABurstOfTwiceTheRateThenRefillsOverTime() {
        RateLimiter r = new RateLimiter(10, 0);
        for (int i = 0; i < 20; i++) {
            assertThat(r.tryAcquire(0)).isTrue();
        }
        assertThat(r.tryAcquire(0)).isFalse();
        assertThat(r.tryAcquire(100_000_000L)).isTrue(); // 100 ms = one token
        assertThat(r.tryAcquire(100_000_000L)).isFalse();
    }
}
