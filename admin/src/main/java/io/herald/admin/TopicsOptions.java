package io.herald.admin;

import io.herald.cli.CommaList;
import io.herald.cli.ConfigOptions;
import io.herald.kafka.KafkaClientFile;
import io.herald.kafka.TopicSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The options of {@code herald-admin topics}, each defined once here: parsing, {@code --help} and
 * the table of docs/deploy.md come from these fields.
 */
@Command(
        name = "topics",
        description =
                "Creates the sequenced and dead-letter topics unless they exist (existing topics"
                        + " are left as they are), then prints what it did.")
final class TopicsOptions implements ConfigOptions<TopicsConfig> {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT,...",
            defaultValue = "127.0.0.1:9092",
            description = "the Kafka cluster")
    String bootstrapServers;

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            description =
                    "Kafka client properties (SASL, SSL) for the admin client; see docs/deploy.md")
    Path kafkaConfig;

    @Option(
            names = "--sequenced-topic",
            paramLabel = "TOPIC",
            defaultValue = "messages.sequenced",
            description = "the job's output topic, which every edge reads")
    String sequencedTopic;

    @Option(
            names = "--dead-letter-topic",
            paramLabel = "TOPIC",
            defaultValue = "messages.dead-letter",
            description = "the job's dead-letter topic")
    String deadLetterTopic;

    @Option(
            names = "--source-topics",
            paramLabel = "TOPIC,...",
            description =
                    "also create these source topics, with `--partitions` partitions (for a demo"
                            + " or a new application; existing topics are left alone)")
    String sourceTopics;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            defaultValue = "6",
            description =
                    "partitions of the sequenced topic: at least the job's parallelism (the"
                            + " dead-letter topic gets one)")
    int partitions;

    @Option(
            names = "--replication-factor",
            paramLabel = "N",
            defaultValue = "3",
            description = "copies of every partition")
    short replicationFactor;

    @Option(
            names = "--min-insync-replicas",
            paramLabel = "N",
            defaultValue = "2",
            description = "copies a write must reach (the job and the edges write with `acks=all`)")
    int minInsyncReplicas;

    @Option(
            names = "--retention",
            paramLabel = "DURATION",
            defaultValue = "7d",
            description =
                    "how long records are kept; bounds how far back `herald-savepoints rebuild`"
                            + " finds positions (docs/deploy.md, \"Topics\")")
    Duration retention;

    @Override
    public TopicsConfig toConfig() {
        Map<String, TopicSettings> topics = new LinkedHashMap<>();
        if (sourceTopics != null && !sourceTopics.isBlank()) {
            for (String topic : CommaList.parse("--source-topics", sourceTopics)) {
                topics.put(
                        topic,
                        new TopicSettings(
                                partitions, replicationFactor, minInsyncReplicas, retention));
            }
        }
        topics.put(
                sequencedTopic,
                new TopicSettings(partitions, replicationFactor, minInsyncReplicas, retention));
        topics.put(
                deadLetterTopic,
                new TopicSettings(1, replicationFactor, minInsyncReplicas, retention));
        return new TopicsConfig(bootstrapServers, KafkaClientFile.loadOrNone(kafkaConfig), topics);
    }
}
