package io.herald.admin;

import io.herald.kafka.KafkaClientFile;
import io.herald.kafka.TopicSettings;
import java.util.Map;

/**
 * {@code herald-admin topics}, parsed.
 *
 * @param bootstrapServers the Kafka cluster
 * @param clientFile {@code --kafka-config}, or none
 * @param topics the topics to create, in order, with their settings
 */
record TopicsConfig(
        String bootstrapServers, KafkaClientFile clientFile, Map<String, TopicSettings> topics) {
    TopicsConfig {
        topics = Map.copyOf(topics);
    }
}
