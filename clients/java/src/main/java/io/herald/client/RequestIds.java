package io.herald.client;

import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Request ids: a random 128-bit prefix per client, a kind letter and a counter, e.g. {@code
 * 3f9k...x2-p17}. Publish ids are the {@code message-id} by which the sequencer recognises a resent
 * publish, among every publish of the same publisher (docs/PROTOCOL.md): the prefix makes them
 * unique across clients and restarts, and a publish keeps its id across reconnects. Thread-safe.
 */
final class RequestIds {

    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    RequestIds(RandomGenerator random) {
        this.prefix =
                Long.toUnsignedString(random.nextLong(), 36)
                        + Long.toUnsignedString(random.nextLong(), 36);
    }

    /** The next id of a kind: {@code p} publish, {@code s} subscribe, {@code i} ping, … */
    String next(String kind) {
        return prefix + "-" + kind + counter.incrementAndGet();
    }
}
