package io.herald.client;

import io.herald.wire.Position;
import io.herald.wire.frame.ClientFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The client's local publish queue: publishes awaiting their ack, bounded, in publish order. A
 * publish is unsent until it is written to a connection; unsent ones go out in order as the edge's
 * limits allow ({@link #takeUnsent}), on this connection or the next. A sent one whose connection
 * is lost before its ack becomes unsent again and goes out on the next connection with the same id:
 * the sequencer drops it if the first copy was sequenced, and the edge acknowledges it with the
 * first copy's position (docs/PROTOCOL.md). Only its timeout, counted from the first try, ends it
 * without an ack. Not thread-safe: used on the client's loop.
 */
final class PendingPublishes {

    /** One publish and its ack future. */
    static final class Pending {
        final ClientFrame.Publish frame;
        final String json;
        final int bytes;
        final CompletableFuture<Position> ack;
        Scheduler.Cancellable timeout;
        boolean sent;

        /** {@code json} is {@code frame} encoded alone, {@code bytes} long in UTF-8. */
        Pending(
                ClientFrame.Publish frame,
                String json,
                int bytes,
                CompletableFuture<Position> ack) {
            this.frame = frame;
            this.json = json;
            this.bytes = bytes;
            this.ack = ack;
        }

        String id() {
            return frame.id();
        }
    }

    private final int max;
    private final Map<String, Pending> byId = new LinkedHashMap<>();
    private final ArrayDeque<Pending> unsent = new ArrayDeque<>();
    private int inFlight;

    PendingPublishes(int max) {
        this.max = max;
    }

    /**
     * Adds a publish at the end of the queue; false (nothing added) when {@code max} are pending.
     */
    boolean add(Pending pending) {
        if (byId.size() >= max) {
            return false;
        }
        byId.put(pending.id(), pending);
        unsent.add(pending);
        return true;
    }

    /** Removes and returns the publish with this id, or null. */
    Pending remove(String id) {
        Pending p = byId.remove(id);
        if (p != null) {
            forget(p);
        }
        return p;
    }

    /** Whether a publish waits to be sent. */
    boolean hasUnsent() {
        dropRemovedHead();
        return !unsent.isEmpty();
    }

    /**
     * Takes the oldest unsent publishes, marked sent: at most {@code maxCount}, and while their
     * single-frame sizes add up to at most {@code maxBytes} (the first is always taken).
     */
    List<Pending> takeUnsent(int maxCount, int maxBytes) {
        List<Pending> out = new ArrayList<>();
        long bytes = 0;
        while (out.size() < maxCount && hasUnsent()) {
            Pending p = unsent.peek();
            bytes += p.bytes + 1;
            if (!out.isEmpty() && bytes > maxBytes) {
                break;
            }
            unsent.poll();
            p.sent = true;
            inFlight++;
            out.add(p);
        }
        return out;
    }

    /** Sent publishes awaiting their ack. */
    int inFlight() {
        return inFlight;
    }

    /**
     * Marks every sent publish unsent (its connection is gone), to go out again before the unsent
     * ones, all in publish order; returns how many were sent.
     */
    int unsendAll() {
        int n = inFlight;
        unsent.clear();
        for (Pending p : byId.values()) {
            p.sent = false;
            unsent.add(p);
        }
        inFlight = 0;
        return n;
    }

    /** Removes every publish and returns them. */
    List<Pending> removeAll() {
        List<Pending> out = new ArrayList<>(byId.values());
        byId.clear();
        unsent.clear();
        out.forEach(this::forget);
        return out;
    }

    int size() {
        return byId.size();
    }

    private void forget(Pending p) {
        if (p.sent) {
            inFlight--;
        }
        if (p.timeout != null) {
            p.timeout.cancel();
        }
    }

    /** Unsent publishes removed meanwhile (timed out, client closed) leave the queue lazily. */
    private void dropRemovedHead() {
        while (!unsent.isEmpty() && byId.get(unsent.peek().id()) != unsent.peek()) {
            unsent.poll();
        }
    }
}
