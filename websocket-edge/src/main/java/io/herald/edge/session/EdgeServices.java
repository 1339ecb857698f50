package io.herald.edge.session;

import io.herald.edge.auth.Authenticator;
import io.herald.edge.deep.DeepRecoveries;
import io.herald.edge.fanout.Hub;
import io.herald.edge.metrics.EdgeMetrics;
import io.herald.edge.publish.PublishQueue;
import io.herald.edge.publish.PublishRegistry;
import io.herald.wire.frame.FrameCodec;
import io.netty.util.concurrent.Ticker;
import java.util.Objects;
import java.util.Set;

/**
 * What every connection of an edge shares: its limits, the topics clients may publish to, the hub,
 * the frame codec, metrics, the publish path, the authenticator (null when off), the fault injector
 * and the deep recoveries (reads of the sequenced topic for resumes the cache does not cover).
 * Thread-safe parts only.
 *
 * @param publishableTopics the source topics; the edge's options guarantee that neither the
 *     sequenced nor the dead-letter topic is among them
 */
public record EdgeServices(
        ConnectionLimits limits,
        Set<String> publishableTopics,
        Hub hub,
        FrameCodec codec,
        EdgeMetrics metrics,
        PublishRegistry publishRegistry,
        PublishQueue publishQueue,
        Authenticator authenticator,
        FaultInjector faults,
        DeepRecoveries deepRecoveries,
        Ticker ticker) {

    public EdgeServices {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(deepRecoveries, "deepRecoveries");
        publishableTopics = Set.copyOf(publishableTopics);
    }

    /** Whether clients may publish to {@code topic}. */
    public boolean isPublishable(String topic) {
        return publishableTopics.contains(topic);
    }
}
