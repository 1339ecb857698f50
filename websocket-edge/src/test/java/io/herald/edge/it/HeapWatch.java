package io.herald.edge.it;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The largest heap used after a full GC while an attack runs, sampled twice a second on a thread of
 * its own (the edge runs in the test's JVM). {@link #growthBytes()} is that peak less the heap used
 * when the watch started.
 */
final class HeapWatch implements AutoCloseable {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final long baseline;
    private final Thread sampler;
    private volatile long peak;
    private volatile boolean running = true;

    HeapWatch() {
        baseline = usedAfterGc();
        peak = baseline;
        sampler =
                new Thread(
                        () -> {
                            while (running) {
                                peak = Math.max(peak, usedAfterGc());
                                try {
                                    Thread.sleep(500);
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        },
                        "heap-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    private static long usedAfterGc() {
        MEMORY.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** The peak so far, with one more sample now, less the baseline. */
    long growthBytes() {
        peak = Math.max(peak, usedAfterGc());
        return peak - baseline;
    }

    /** Prints the figure for the test report and returns the growth. */
    long report(String attack) {
        long growth = growthBytes();
        System.out.printf(
                "heap attack=%s baselineMiB=%d peakMiB=%d growthMiB=%d%n",
                attack, baseline >> 20, peak >> 20, growth >> 20);
        return growth;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join(5_000);
    }
}
