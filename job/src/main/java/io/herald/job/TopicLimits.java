package io.herald.job;

import io.herald.kafka.KafkaAdmins;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, when the job is submitted, that its output topics accept the largest record it writes: a
 * topic whose {@code max.message.bytes} is below {@code --max-record-bytes} would reject records
 * the job decided to write, and the sink would fail and restart for ever on each of them. So the
 * job refuses to start, naming the topic and both figures. A topic whose configuration cannot be
 * read (no {@code DescribeConfigs} permission, not created yet, brokers unreachable) is not
 * checked: that is logged, and the job starts.
 */
public final class TopicLimits {
    private static final Logger LOG = LoggerFactory.getLogger(TopicLimits.class);

    /** How long the check waits for the brokers. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private TopicLimits() {}

    /** Checks the sequenced and dead-letter topics of {@code c} on its brokers. */
    public static void check(SequencerConfig c) {
        try (Admin admin =
                KafkaAdmins.create(
                        c.bootstrapServers(), c.kafkaClient(), "herald-topic-limits", TIMEOUT)) {
            check(c, admin);
        }
    }

    /**
     * Checks with {@code admin}; throws IllegalArgumentException when a topic's {@code
     * max.message.bytes} is below {@link SequencerConfig#maxRecordBytes()}.
     */
    static void check(SequencerConfig c, Admin admin) {
        for (String topic : List.of(c.sequencedTopic(), c.deadLetterTopic())) {
            Integer limit = maxMessageBytes(admin, topic);
            if (limit != null && limit < c.maxRecordBytes()) {
                throw new IllegalArgumentException(
                        "--max-record-bytes is "
                                + c.maxRecordBytes()
                                + " but topic "
                                + topic
                                + " accepts records of at most "
                                + limit
                                + " bytes (max.message.bytes): lower --max-record-bytes or raise"
                                + " the topic's max.message.bytes");
            }
        }
    }

    private static Integer maxMessageBytes(Admin admin, String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(List.of(resource))
                            .all()
                            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            ConfigEntry entry = configs.get(resource).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return entry == null || entry.value() == null ? null : Integer.valueOf(entry.value());
        } catch (ExecutionException | TimeoutException | NumberFormatException e) {
            LOG.warn(
                    "topic limit not checked topic={} reason={}",
                    topic,
                    e instanceof ExecutionException ? e.getCause() : e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topic " + topic, e);
        }
    }
}
