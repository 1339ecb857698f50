package io.herald.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;

/** A {@link Scheduler} in virtual time, run by the test thread. */
final class ManualScheduler implements Scheduler {

    private record Timer(long due, long order, Runnable task, boolean[] cancelled) {}

    private final Queue<Runnable> ready = new ArrayDeque<>();
    private final List<Timer> timers = new ArrayList<>();
    private long now = 1_000_000;
    private long order;
    private boolean shutdown;

    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        ready.add(task);
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        boolean[] cancelled = {false};
        timers.add(new Timer(now + delayMillis, order++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public boolean inLoop() {
        return true;
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    /** Runs every ready task, including those they submit. */
    void runReady() {
        Runnable task;
        while ((task = ready.poll()) != null) {
            task.run();
        }
    }

    /** Moves virtual time forward, running ready tasks and due timers in order. */
    void advance(long millis) {
        long until = now + millis;
        runReady();
        while (true) {
            Timer next =
                    timers.stream()
                            .filter(t -> !t.cancelled[0] && t.due <= until)
                            .min(
                                    Comparator.comparingLong(Timer::due)
                                            .thenComparingLong(Timer::order))
                            .orElse(null);
            if (next == null) {
                break;
            }
            timers.remove(next);
            now = Math.max(now, next.due);
            next.task.run();
            runReady();
        }
        now = until;
        timers.removeIf(t -> t.cancelled[0]);
    }

    /** Delay until the earliest live timer, or -1 when none. */
    long nextTimerIn() {
        return timers.stream()
                .filter(t -> !t.cancelled[0])
                .mapToLong(t -> t.due - now)
                .min()
                .orElse(-1);
    }

    long now() {
        return now;
    }
}
