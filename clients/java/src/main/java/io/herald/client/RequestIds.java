package io.herald.client;

import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Request ids unique per client: a random prefix per client (publish ids also travel to Kafka as
 * the {@code message-id} header, where several clients meet), a kind letter and a counter, e.g.
 * {@code k3j9d2qa-p17}. Thread-safe.
 */
final class RequestIds {

    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    RequestIds(RandomGenerator random) {
        String suffix = Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
        this.prefix = suffix.substring(0, Math.min(8, suffix.length()));
    }

    /** The next id of a kind: {@code p} publish, {@code s} subscribe, {@code i} ping, … */
    String next(String kind) {
        return prefix + "-" + kind + counter.incrementAndGet();
    }
}
