package io.herald.failover;

import java.time.Duration;

/**
 * The shape of the system and of the load under test. {@link #defaults()} fits the 2-core CI
 * machine; system properties {@code herald.failover.<name>} override the load figures.
 *
 * @param sourceTopic the topic the publisher writes and the job reads
 * @param sequencedTopic the job's output, read by edges
 * @param deadLetterTopic the job's dead letters
 * @param partitions partitions of each topic
 * @param edges edge processes
 * @param taskManagers Flink TaskManagers
 * @param slotsPerTaskManager slots per TaskManager
 * @param parallelism the job's parallelism at first submission
 * @param checkpointInterval the job's checkpoint interval
 * @param cacheTtl the edges' cache TTL (the resume window)
 * @param subjects subjects per scenario (fresh ones each scenario)
 * @param clients subscribing clients
 * @param subjectsPerClient subjects each client subscribes to
 * @param ratePerSecond messages per second published over all subjects
 */
public record FailoverSettings(
        String sourceTopic,
        String sequencedTopic,
        String deadLetterTopic,
        int partitions,
        int edges,
        int taskManagers,
        int slotsPerTaskManager,
        int parallelism,
        Duration checkpointInterval,
        Duration cacheTtl,
        int subjects,
        int clients,
        int subjectsPerClient,
        int ratePerSecond) {

    public FailoverSettings {
        if (subjectsPerClient > subjects) {
            throw new IllegalArgumentException("subjectsPerClient > subjects");
        }
    }

    /** Three edges, two TaskManagers with two slots, 100 subjects, 200 clients. */
    public static FailoverSettings defaults() {
        return new FailoverSettings(
                "load",
                "messages.sequenced",
                "messages.dead-letter",
                3,
                3,
                2,
                2,
                2,
                Duration.ofSeconds(1),
                Duration.ofSeconds(180),
                Integer.getInteger("herald.failover.subjects", 100),
                Integer.getInteger("herald.failover.clients", 200),
                Integer.getInteger("herald.failover.subjectsPerClient", 5),
                Integer.getInteger("herald.failover.rate", 1000));
    }
}
