package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.wire.ProtocolVectors;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The client's protocol bounds agree with the edge's defaults (docs/protocol/vectors/limits.json).
 */
class HeraldClientConfigTest {

    private final HeraldClientConfig defaults =
            HeraldClientConfig.builder(URI.create("ws://a/ws")).build();

    @Test
    void pendingPublishesAreBoundedLikeTheEdgesDefault() {
        assertThat((long) defaults.maxPendingPublishes())
                .isEqualTo(ProtocolVectors.limit("maxPendingPublishes"));
    }

    @Test
    void framesSentAreBoundedLikeTheEdgesDefault() {
        assertThat((long) defaults.maxOutboundFrameBytes())
                .isEqualTo(ProtocolVectors.limit("maxFrameBytes"));
    }
}
