package io.herald.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The start-up check of every Herald process: its topics exist on the cluster. A process that
 * started without them would wait or fail later with a less clear reason; this one says which topic
 * is missing and how to create it, or that Kafka did not answer within a bounded time.
 */
public final class RequiredTopics {

    /** How long a process waits for Kafka's answer at start. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Where the error sends the operator. */
    static final String HOW_TO_CREATE =
            "create it with `herald-admin topics` (docs/deploy.md, \"Topics\")";

    private RequiredTopics() {}

    /**
     * Returns when every topic exists; throws {@link TopicCheckException} otherwise, or when Kafka
     * at {@code bootstrapServers} does not answer within {@code timeout}.
     */
    public static void check(
            String bootstrapServers,
            KafkaClientFile clientFile,
            List<String> topics,
            Duration timeout) {
        try (Admin admin =
                KafkaAdmins.create(bootstrapServers, clientFile, "herald-topic-check", timeout)) {
            Map<String, KafkaFuture<org.apache.kafka.clients.admin.TopicDescription>> found =
                    admin.describeTopics(topics).topicNameValues();
            List<String> missing = new ArrayList<>();
            for (String topic : topics) {
                if (!exists(found.get(topic), timeout, bootstrapServers, clientFile, topic)) {
                    missing.add(topic);
                }
            }
            if (!missing.isEmpty()) {
                throw new TopicCheckException(
                        TopicCheckException.Reason.MISSING,
                        missing,
                        (missing.size() == 1 ? "topic " : "topics ")
                                + String.join(", ", missing)
                                + (missing.size() == 1 ? " does" : " do")
                                + " not exist on "
                                + bootstrapServers
                                + ": "
                                + HOW_TO_CREATE,
                        null);
            }
        }
    }

    private static boolean exists(
            KafkaFuture<?> description,
            Duration timeout,
            String bootstrapServers,
            KafkaClientFile clientFile,
            String topic) {
        try {
            description.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            if (cause instanceof AuthenticationException
                    || cause instanceof AuthorizationException) {
                throw new TopicCheckException(
                        TopicCheckException.Reason.REFUSED,
                        List.of(topic),
                        "Kafka at "
                                + bootstrapServers
                                + " refused access to topic "
                                + topic
                                + " ("
                                + clientFile
                                + "): "
                                + cause.getMessage(),
                        cause);
            }
            throw unreachable(bootstrapServers, clientFile, timeout, topic, cause);
        } catch (java.util.concurrent.TimeoutException e) {
            throw unreachable(bootstrapServers, clientFile, timeout, topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(bootstrapServers, clientFile, timeout, topic, e);
        }
    }

    private static TopicCheckException unreachable(
            String bootstrapServers,
            KafkaClientFile clientFile,
            Duration timeout,
            String topic,
            Throwable cause) {
        return new TopicCheckException(
                TopicCheckException.Reason.UNREACHABLE,
                List.of(topic),
                "no answer from Kafka at "
                        + bootstrapServers
                        + " about topic "
                        + topic
                        + " within "
                        + timeout.toSeconds()
                        + " s: is it up, and do its listeners' security settings match the"
                        + " client's ("
                        + clientFile
                        + "; see --kafka-config)? "
                        + cause.getMessage(),
                cause);
    }
}
