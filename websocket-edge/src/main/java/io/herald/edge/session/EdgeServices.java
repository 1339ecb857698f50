package io.herald.edge.session;

import io.herald.edge.EdgeConfig;
import io.herald.edge.auth.Authenticator;
import io.herald.edge.fanout.Hub;
import io.herald.edge.metrics.EdgeMetrics;
import io.herald.edge.publish.PublishRegistry;
import io.herald.edge.publish.PublishSender;
import io.herald.wire.frame.FrameCodec;

/**
 * What every connection of an edge shares: configuration, the hub, the frame codec, metrics, the
 * publish path, the authenticator (null when off), the fault injector and the edge's id (part of
 * every {@code message-id} it writes). Thread-safe parts only.
 */
public record EdgeServices(
        EdgeConfig config,
        Hub hub,
        FrameCodec codec,
        EdgeMetrics metrics,
        PublishRegistry publishRegistry,
        PublishSender publishSender,
        Authenticator authenticator,
        FaultInjector faults,
        String edgeId) {

    /** Whether clients may publish to {@code topic}: a source topic, never sequenced or DLQ. */
    public boolean isPublishable(String topic) {
        return !topic.equals(config.sequencedTopic())
                && !topic.equals(config.deadLetterTopic())
                && config.sourceTopics().contains(topic);
    }
}
