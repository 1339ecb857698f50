package io.herald.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics that do not exist yet and leaves existing ones untouched (a second run, or topics
 * an operator made by hand), so a deployment can run it at every start.
 */
public final class TopicProvisioner {

    /** What happened to one topic. */
    public enum Outcome {
        CREATED,
        EXISTED
    }

    private final Admin admin;

    /** Provisions through {@code admin}, which the caller closes. */
    public TopicProvisioner(Admin admin) {
        this.admin = admin;
    }

    /** Creates each topic of {@code topics} (name → settings) unless it exists; in order. */
    public Map<String, Outcome> ensure(Map<String, TopicSettings> topics)
            throws InterruptedException {
        List<NewTopic> wanted = new ArrayList<>();
        topics.forEach(
                (name, s) ->
                        wanted.add(
                                new NewTopic(name, s.partitions(), s.replicationFactor())
                                        .configs(s.configs())));
        Map<String, KafkaFuture<Void>> results = admin.createTopics(wanted).values();
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (String name : topics.keySet()) {
            try {
                results.get(name).get();
                outcomes.put(name, Outcome.CREATED);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(
                            "could not create topic " + name + ": " + e.getCause().getMessage(),
                            e.getCause());
                }
                outcomes.put(name, Outcome.EXISTED);
            }
        }
        return outcomes;
    }
}
