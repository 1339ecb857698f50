package io.herald.client;

/**
 * The client's event loop: one thread that runs every state change of a client, in submission
 * order, plus timers and a monotonic clock. Injected so that tests drive reconnects, backoff and
 * timeouts in virtual time.
 */
interface Scheduler {

    /** A scheduled task that can be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not run yet; harmless otherwise. */
        void cancel();
    }

    /** Runs {@code task} on the loop after the tasks already submitted. */
    void execute(Runnable task);

    /** Runs {@code task} on the loop after {@code delayMillis}. */
    Cancellable schedule(Runnable task, long delayMillis);

    /** Monotonic milliseconds, for durations only. */
    long nowMillis();

    /** Whether the calling thread is the loop's. */
    boolean inLoop();

    /** Stops the loop after the task running now; later submissions are rejected. */
    void shutdown();
}
