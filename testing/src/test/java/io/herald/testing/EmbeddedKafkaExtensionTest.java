package io.herald.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A broker registered as an extension runs for the class, with the topics it was given. */
class EmbeddedKafkaExtensionTest {

    @RegisterExtension
    static final EmbeddedKafka KAFKA =
            EmbeddedKafka.perClass().withTopic("alpha", 3).withTopic("beta", 1);

    @Test
    void startsBeforeTheTestsWithItsTopics() throws Exception {
        try (Admin admin = KAFKA.admin()) {
            List<TopicDescription> topics =
                    List.copyOf(
                            admin.describeTopics(List.of("alpha", "beta"))
                                    .allTopicNames()
                                    .get()
                                    .values());
            assertThat(topics)
                    .extracting(t -> t.name() + ":" + t.partitions().size())
                    .containsExactlyInAnyOrder("alpha:3", "beta:1");
        }
        assertThatThrownBy(() -> KAFKA.withTopic("late", 1))
                .isInstanceOf(IllegalStateException.class);
    }
}
