package io.herald.client;

import io.herald.wire.Position;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes awaiting their ack, bounded, in publish order. A publish is unsent until it is written
 * to a connection; unsent ones go out on the next connection. A sent one whose connection is lost
 * before its ack becomes unsent again and goes out on the next connection with the same id: the
 * sequencer drops it if the first copy was sequenced, and the edge acknowledges it with the first
 * copy's position (docs/PROTOCOL.md). Only its timeout, counted from the first try, ends it without
 * an ack. Not thread-safe: used on the client's loop.
 */
final class PendingPublishes {

    /** One publish and its ack future. */
    static final class Pending {
        final String id;
        final String json;
        final CompletableFuture<Position> ack;
        Scheduler.Cancellable timeout;
        boolean sent;

        /** {@code json} is the encoded {@code publish} frame whose id is {@code id}. */
        Pending(String id, String json, CompletableFuture<Position> ack) {
            this.id = id;
            this.json = json;
            this.ack = ack;
        }
    }

    private final int max;
    private final Map<String, Pending> byId = new LinkedHashMap<>();

    PendingPublishes(int max) {
        this.max = max;
    }

    /** Adds a publish; false (nothing added) when {@code max} are already pending. */
    boolean add(Pending pending) {
        if (byId.size() >= max) {
            return false;
        }
        byId.put(pending.id, pending);
        return true;
    }

    /** Removes and returns the publish with this id, or null. */
    Pending remove(String id) {
        Pending p = byId.remove(id);
        if (p != null && p.timeout != null) {
            p.timeout.cancel();
        }
        return p;
    }

    /** The publishes not yet written to a connection, in publish order. */
    List<Pending> unsent() {
        List<Pending> out = new ArrayList<>();
        for (Pending p : byId.values()) {
            if (!p.sent) {
                out.add(p);
            }
        }
        return out;
    }

    /** Marks every sent publish unsent (its connection is gone); returns how many there were. */
    int unsendAll() {
        int n = 0;
        for (Pending p : byId.values()) {
            if (p.sent) {
                p.sent = false;
                n++;
            }
        }
        return n;
    }

    /** Removes every publish and returns them. */
    List<Pending> removeAll() {
        List<Pending> out = new ArrayList<>(byId.values());
        byId.clear();
        for (Pending p : out) {
            if (p.timeout != null) {
                p.timeout.cancel();
            }
        }
        return out;
    }

    int size() {
        return byId.size();
    }
}
