package io.herald.kafka;

import java.util.Map;

/**
 * The reconnect and retry backoffs of Herald's Kafka clients (the edges' consumers and publish
 * producer, the job's source and sinks), capped at {@value #MAX_MS} ms instead of Kafka's 1 s. When
 * a broker dies its clients keep retrying it until the controller fences it and moves its
 * partitions; with a 1 s cap a client learned the new leader up to a second after that, once per
 * hop (the job's sink, then the edges' fetches). A few more attempts a second per client cost a
 * broker nothing. Defaults under the {@code --kafka-config} file, which may set either.
 */
public final class FailoverBackoff {
    /** The most a client waits between two attempts to reach a broker, or to retry a request. */
    public static final int MAX_MS = 250;

    private FailoverBackoff() {}

    /** {@code reconnect.backoff.max.ms} and {@code retry.backoff.max.ms}, as client settings. */
    public static Map<String, Object> settings() {
        String max = Integer.toString(MAX_MS);
        return Map.of("reconnect.backoff.max.ms", max, "retry.backoff.max.ms", max);
    }
}
