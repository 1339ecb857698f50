package io.herald.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.testing.EmbeddedKafka;
import io.herald.testing.FreePorts;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Provisioning and the start-up check against a real broker. */
class TopicsIT {

    @RegisterExtension static final EmbeddedKafka KAFKA = EmbeddedKafka.perClass();

    @Test
    void createsTopicsWithTheirSettingsAndLeavesExistingOnesAlone() throws Exception {
        TopicSettings settings = new TopicSettings(3, (short) 1, 1, Duration.ofDays(7));
        Map<String, TopicSettings> topics = new LinkedHashMap<>();
        topics.put("prov.sequenced", settings);
        topics.put("prov.dead-letter", new TopicSettings(1, (short) 1, 1, Duration.ofDays(7)));

        try (Admin admin = KAFKA.admin()) {
            assertThat(new TopicProvisioner(admin).ensure(topics))
                    .containsEntry("prov.sequenced", TopicProvisioner.Outcome.CREATED)
                    .containsEntry("prov.dead-letter", TopicProvisioner.Outcome.CREATED);
            assertThat(new TopicProvisioner(admin).ensure(topics))
                    .containsEntry("prov.sequenced", TopicProvisioner.Outcome.EXISTED);

            TopicDescription sequenced =
                    admin.describeTopics(List.of("prov.sequenced"))
                            .allTopicNames()
                            .get()
                            .get("prov.sequenced");
            assertThat(sequenced.partitions()).hasSize(3);
            ConfigResource resource =
                    new ConfigResource(ConfigResource.Type.TOPIC, "prov.sequenced");
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("retention.ms").value())
                    .isEqualTo(Long.toString(Duration.ofDays(7).toMillis()));
            assertThat(config.get("min.insync.replicas").value()).isEqualTo("1");
        }
    }

    @Test
    void theCheckNamesEveryMissingTopic() {
        KAFKA.createTopic("check.present", 1);

        RequiredTopics.check(
                KAFKA.bootstrapServers(),
                KafkaClientFile.none(),
                List.of("check.present"),
                Duration.ofSeconds(10));
        assertThatThrownBy(
                        () ->
                                RequiredTopics.check(
                                        KAFKA.bootstrapServers(),
                                        KafkaClientFile.none(),
                                        List.of("check.present", "check.a", "check.b"),
                                        Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(
                        TopicCheckException.class,
                        e -> {
                            assertThat(e.reason()).isEqualTo(TopicCheckException.Reason.MISSING);
                            assertThat(e.topics()).containsExactly("check.a", "check.b");
                        })
                .hasMessage(
                        "topics check.a, check.b do not exist on "
                                + KAFKA.bootstrapServers()
                                + ": "
                                + RequiredTopics.HOW_TO_CREATE);
    }

    @Test
    void theCheckGivesUpOnASilentClusterWithinItsTimeout() {
        String nobody = "127.0.0.1:" + FreePorts.next();
        assertThatThrownBy(
                        () ->
                                RequiredTopics.check(
                                        nobody,
                                        KafkaClientFile.none(),
                                        List.of("any"),
                                        Duration.ofSeconds(3)))
                .isInstanceOfSatisfying(
                        TopicCheckException.class,
                        e ->
                                assertThat(e.reason())
                                        .isEqualTo(TopicCheckException.Reason.UNREACHABLE))
                .hasMessageStartingWith("no answer from Kafka at " + nobody + " about topic any");
    }
}
