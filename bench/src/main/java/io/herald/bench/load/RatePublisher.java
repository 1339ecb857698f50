package io.herald.bench.load;

import io.herald.bench.server.Publisher;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes at a steady total rate, round-robin over the subjects, each content stamped with its
 * publish time, on a thread of its own until closed. Falls behind rather than bursting when the
 * publisher is slow, and counts what it published.
 */
public final class RatePublisher implements AutoCloseable {
    private final Thread thread;
    private final AtomicLong published = new AtomicLong();
    private volatile boolean running = true;
    private volatile Exception failure;

    public RatePublisher(Publisher publisher, int subjects, int ratePerSecond, int payloadBytes) {
        this.thread =
                new Thread(
                        () -> run(publisher, subjects, ratePerSecond, payloadBytes),
                        "bench-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(Publisher publisher, int subjects, int rate, int payloadBytes) {
        long interval = 1_000_000_000L / rate;
        long next = System.nanoTime();
        int subject = 0;
        try {
            while (running) {
                publisher.publish(subject, PayloadClock.stamped(payloadBytes));
                published.incrementAndGet();
                subject = (subject + 1) % subjects;
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } else if (wait < -1_000_000_000L) {
                    next = System.nanoTime(); // more than a second behind: do not burst
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure = e;
        }
    }

    public long published() {
        return published.get();
    }

    @Override
    public void close() throws Exception {
        running = false;
        thread.interrupt();
        thread.join(10_000);
        if (failure != null) {
            throw failure;
        }
    }
}
