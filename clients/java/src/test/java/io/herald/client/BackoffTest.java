package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromTheInitialDelayUpToTheCapWithoutJitter() {
        Backoff backoff = new Backoff(250, 10_000, 2.0, 0.0, new Random(1));
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            delays.add(backoff.nextDelayMillis());
        }
        assertThat(delays)
                .containsExactly(250L, 500L, 1000L, 2000L, 4000L, 8000L, 10_000L, 10_000L, 10_000L);
    }

    @Test
    void jitterKeepsEachDelayWithinItsBand() {
        Random random = new Random(42);
        Backoff backoff = new Backoff(100, 3_200, 2.0, 0.5, random);
        for (int round = 0; round < 200; round++) {
            backoff.reset();
            long base = 100;
            for (int i = 0; i < 8; i++) {
                long d = backoff.nextDelayMillis();
                assertThat(d).isBetween(base / 2, base);
                base = Math.min(3_200, base * 2);
            }
        }
    }

    @Test
    void jitterActuallySpreadsDelays() {
        Backoff backoff = new Backoff(1000, 1000, 2.0, 1.0, new Random(7));
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 1000; i++) {
            long d = backoff.nextDelayMillis();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(min).isLessThan(100);
        assertThat(max).isGreaterThan(900);
    }

    @Test
    void resetReturnsToTheInitialDelay() {
        Backoff backoff = new Backoff(250, 10_000, 2.0, 0.0, new Random(1));
        backoff.nextDelayMillis();
        backoff.nextDelayMillis();
        assertThat(backoff.failures()).isEqualTo(2);
        backoff.reset();
        assertThat(backoff.nextDelayMillis()).isEqualTo(250);
    }

    @Test
    void spreadIsUniformUpToItsBoundAndLeavesTheFailureCount() {
        Backoff backoff = new Backoff(250, 10_000, 2.0, 0.5, new Random(3));
        for (int i = 0; i < 100; i++) {
            assertThat(backoff.spreadMillis(250)).isBetween(0L, 250L);
        }
        assertThat(backoff.spreadMillis(0)).isZero();
        assertThat(backoff.failures()).isZero();
    }
}
