package io.herald.edge.server;

import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Finds the connections that have read nothing for a ping interval: one task per event loop looks
 * at each of the loop's connections every {@link #period}, instead of a timer per connection.
 * Netty's {@code IdleStateHandler}, which did this before, held about 280 bytes per connection (the
 * handler, its pipeline context and its scheduled task); an idle connection's {@link InboundGuard}
 * now holds a deadline and a slot in its loop's list. A silent connection hears of it up to one
 * period late.
 */
final class IdleSweep {
    private static final long MIN_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final long intervalNanos;
    private final long periodNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<EventExecutor, Loop> loops = new ConcurrentHashMap<>();

    /** Reader-idle after {@code interval} without inbound traffic, by {@code nanoTime}. */
    IdleSweep(Duration interval, LongSupplier nanoTime) {
        this.intervalNanos = interval.toNanos();
        this.periodNanos =
                Math.max(MIN_PERIOD_NANOS, Math.min(MAX_PERIOD_NANOS, intervalNanos / 8));
        this.nanoTime = nanoTime;
    }

    /** How often each loop looks at its connections: an eighth of the interval, 10 ms to 1 s. */
    Duration period() {
        return Duration.ofNanos(periodNanos);
    }

    /** Starts watching {@code guard}, on its channel's event loop {@code loop}. */
    void watch(InboundGuard guard, EventExecutor loop) {
        guard.readAt(nanoTime.getAsLong() + intervalNanos);
        loops.computeIfAbsent(loop, this::start).add(guard);
    }

    /** Stops watching {@code guard}; on its loop, idempotent. */
    void unwatch(InboundGuard guard, EventExecutor loop) {
        Loop l = loops.get(loop);
        if (l != null) {
            l.remove(guard);
        }
    }

    /**
     * Inbound traffic on {@code guard}'s channel: its next reader-idle event is an interval away.
     */
    void read(InboundGuard guard) {
        guard.readAt(nanoTime.getAsLong() + intervalNanos);
    }

    /** Looks at {@code loop}'s connections now, as its periodic task does; on that loop. */
    void sweep(EventExecutor loop) {
        Loop l = loops.get(loop);
        if (l != null) {
            l.run();
        }
    }

    private Loop start(EventExecutor loop) {
        Loop l = new Loop();
        loop.scheduleAtFixedRate(l, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        return l;
    }

    /** The watched connections of one loop; only that loop touches it. */
    private final class Loop implements Runnable {
        private final List<InboundGuard> guards = new ArrayList<>();

        void add(InboundGuard guard) {
            if (guard.slot() < 0) {
                guard.slot(guards.size());
                guards.add(guard);
            }
        }

        /** Swaps the last guard into the removed one's slot. */
        void remove(InboundGuard guard) {
            int slot = guard.slot();
            if (slot < 0) {
                return;
            }
            InboundGuard last = guards.remove(guards.size() - 1);
            if (last != guard) {
                guards.set(slot, last);
                last.slot(slot);
            }
            guard.slot(-1);
        }

        /**
         * Backwards, so that a guard removed by an event (its channel closed) moves an already
         * visited one into its slot, and none is skipped.
         */
        @Override
        public void run() {
            long now = nanoTime.getAsLong();
            for (int i = guards.size() - 1; i >= 0; i--) {
                if (i < guards.size()) {
                    guards.get(i).idleUnless(now, intervalNanos);
                }
            }
        }
    }
}
