package io.herald.client;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Application pings awaiting their pong. Not thread-safe: used on the client's loop. */
final class PendingPings {

    private record Pending(CompletableFuture<Duration> pong, long sentAt) {}

    private final Map<String, Pending> byId = new HashMap<>();

    void add(String id, CompletableFuture<Duration> pong, long sentAt) {
        byId.put(id, new Pending(pong, sentAt));
    }

    /** Completes the ping with this id with its round-trip time; false when there is none. */
    boolean complete(String id, long now) {
        Pending p = byId.remove(id);
        if (p == null) {
            return false;
        }
        p.pong.complete(Duration.ofMillis(now - p.sentAt));
        return true;
    }

    /** Fails the ping with this id; false when there is none. */
    boolean fail(String id, Throwable error) {
        Pending p = byId.remove(id);
        if (p == null) {
            return false;
        }
        p.pong.completeExceptionally(error);
        return true;
    }

    void failAll(Throwable error) {
        byId.values().forEach(p -> p.pong.completeExceptionally(error));
        byId.clear();
    }
}
