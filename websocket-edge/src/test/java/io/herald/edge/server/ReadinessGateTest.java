package io.herald.edge.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReadinessGateTest {

    private final AtomicReference<Optional<String>> unavailable =
            new AtomicReference<>(Optional.of("warming cache"));
    private final EmbeddedChannel channel =
            new EmbeddedChannel(new ReadinessGate(unavailable::get));

    @Test
    void refusesWebSocketUpgradesWithRetryableServiceUnavailableWhileCold() {
        FullHttpRequest upgrade = get("/ws?token=abc");

        assertThat(channel.writeInbound(upgrade)).isFalse();

        FullHttpResponse res = channel.readOutbound();
        assertThat(res.status()).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
        assertThat(res.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
        assertThat(res.content().toString(StandardCharsets.UTF_8)).isEqualTo("warming cache\n");
        assertThat(upgrade.refCnt()).isZero();
        assertThat(channel.isOpen()).isFalse();
        res.release();
    }

    @Test
    void refusesUpgradesToAFailedEdgeWithTheReason() {
        unavailable.set(Optional.of("failed: sequenced consumer stopped"));

        assertThat(channel.writeInbound(get("/ws"))).isFalse();

        FullHttpResponse res = channel.readOutbound();
        assertThat(res.status()).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
        assertThat(res.content().toString(StandardCharsets.UTF_8))
                .isEqualTo("failed: sequenced consumer stopped\n");
        res.release();
    }

    @Test
    void passesUpgradesThroughOnceWarm() {
        unavailable.set(Optional.empty());
        FullHttpRequest upgrade = get("/ws");

        assertThat(channel.writeInbound(upgrade)).isTrue();

        FullHttpRequest passed = channel.readInbound();
        assertThat(passed).isSameAs(upgrade);
        assertThat((Object) channel.readOutbound()).isNull();
        passed.release();
    }

    @Test
    void letsHealthAndOtherPathsThroughWhileCold() {
        for (String path : new String[] {"/healthz", "/metrics", "/", "/wsx"}) {
            FullHttpRequest req = get(path);
            assertThat(channel.writeInbound(req)).as(path).isTrue();
            FullHttpRequest passed = channel.readInbound();
            assertThat(passed).isSameAs(req);
            passed.release();
        }
    }

    private static FullHttpRequest get(String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    }
}
