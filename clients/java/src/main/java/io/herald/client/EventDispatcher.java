package io.herald.client;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs listener callbacks on one thread, in order, counting the queued ones so that the loop can
 * stop reading from the edge while the application is behind. A callback's exception is logged and
 * does not stop later callbacks.
 */
final class EventDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Executor executor;
    private final ExecutorService owned;
    private final int capacity;
    private final AtomicInteger queued = new AtomicInteger();
    private volatile Runnable onDrained = () -> {};

    /** A dispatcher on its own daemon thread. */
    static EventDispatcher ownThread(int capacity) {
        String name = "herald-client-callbacks-" + COUNTER.incrementAndGet();
        ExecutorService executor =
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, name);
                            t.setDaemon(true);
                            return t;
                        });
        return new EventDispatcher(executor, executor, capacity);
    }

    /** A dispatcher on a caller-supplied serial executor (tests use a direct one). */
    EventDispatcher(Executor executor, ExecutorService owned, int capacity) {
        this.executor = executor;
        this.owned = owned;
        this.capacity = capacity;
    }

    /** Called (on the callback thread) when the queue falls below capacity after being full. */
    void onDrained(Runnable action) {
        this.onDrained = action;
    }

    /** Queues a callback. */
    void dispatch(Runnable callback) {
        queued.incrementAndGet();
        try {
            executor.execute(() -> run(callback));
        } catch (RejectedExecutionException e) {
            queued.decrementAndGet();
            LOG.debug("event=callback_dropped reason=client_closed");
        }
    }

    /** Whether the queue is at capacity: the loop should stop reading from the edge. */
    boolean isFull() {
        return queued.get() >= capacity;
    }

    /** Lets queued callbacks finish, then stops the thread (never waits). */
    void shutdown() {
        if (owned != null) {
            owned.shutdown();
        }
    }

    private void run(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("event=listener_failed error={}", e.toString(), e);
        } finally {
            if (queued.getAndDecrement() == capacity) {
                onDrained.run();
            }
        }
    }
}
