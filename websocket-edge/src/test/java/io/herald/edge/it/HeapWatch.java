package io.herald.edge.it;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The largest heap in use seen while an attack runs, sampled every 20 ms. The test JVM holds the
 * broker and the edge together, so the figure bounds the edge's heap from above.
 */
final class HeapWatch implements AutoCloseable {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final String attack;
    private final AtomicLong peak = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

    private HeapWatch(String attack) {
        this.attack = attack;
        sampler.scheduleAtFixedRate(
                () -> peak.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max),
                0,
                20,
                TimeUnit.MILLISECONDS);
    }

    static HeapWatch start(String attack) {
        return new HeapWatch(attack);
    }

    /** Stops sampling, prints the peak, and fails if the heap came within 10% of its maximum. */
    @Override
    public void close() {
        sampler.shutdownNow();
        try {
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long max = MEMORY.getHeapMemoryUsage().getMax();
        System.out.printf(
                "heap peak under attack=%s: %d MiB of %d MiB%n",
                attack, peak.get() >> 20, max >> 20);
        if (max > 0 && peak.get() > max * 9 / 10) {
            throw new AssertionError(
                    "heap reached "
                            + (peak.get() >> 20)
                            + " MiB of "
                            + (max >> 20)
                            + " under "
                            + attack);
        }
    }
}
