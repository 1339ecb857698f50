package io.herald.edge.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bookkeeping of one loop's watched connections (the events themselves: {@link
 * InboundGuardTest}).
 */
class IdleSweepTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final EventExecutor loop = channel.eventLoop();

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    private static InboundGuard guard(IdleSweep sweep) {
        return new InboundGuard(1000, 1024, System::nanoTime, sweep);
    }

    @Test
    void aRemovedSlotIsFilledByTheLastGuardAndEveryGuardStaysFindable() {
        IdleSweep sweep = new IdleSweep(Duration.ofSeconds(20), System::nanoTime);
        List<InboundGuard> guards = IntStream.range(0, 4).mapToObj(i -> guard(sweep)).toList();
        guards.forEach(g -> sweep.watch(g, loop));
        sweep.watch(guards.get(0), loop); // watched once only
        assertThat(guards).extracting(InboundGuard::slot).containsExactly(0, 1, 2, 3);

        sweep.unwatch(guards.get(1), loop);
        assertThat(guards).extracting(InboundGuard::slot).containsExactly(0, -1, 2, 1);
        sweep.unwatch(guards.get(1), loop); // idempotent
        sweep.unwatch(guards.get(3), loop);
        assertThat(guards).extracting(InboundGuard::slot).containsExactly(0, -1, 1, -1);
        sweep.unwatch(guards.get(2), loop);
        sweep.unwatch(guards.get(0), loop);
        assertThat(guards).extracting(InboundGuard::slot).containsOnly(-1);

        sweep.watch(guards.get(3), loop);
        assertThat(guards.get(3).slot()).isZero();
        sweep.sweep(loop); // nothing is due: no event, no failure
    }

    @Test
    void eachLoopLooksEveryEighthOfTheIntervalBetween10MsAnd1s() {
        assertThat(new IdleSweep(Duration.ofSeconds(20), System::nanoTime).period())
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(new IdleSweep(Duration.ofMillis(400), System::nanoTime).period())
                .isEqualTo(Duration.ofMillis(50));
        assertThat(new IdleSweep(Duration.ofMillis(20), System::nanoTime).period())
                .isEqualTo(Duration.ofMillis(10));
    }
}
