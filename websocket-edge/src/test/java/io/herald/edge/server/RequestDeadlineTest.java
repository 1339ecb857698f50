package io.herald.edge.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestDeadlineTest {

    @Test
    void theUpgradeRemovesTheHttpPhasesHandlersAndPassesTheHandshakeOn() {
        List<Object> events = new ArrayList<>();
        EmbeddedChannel channel =
                new EmbeddedChannel(
                        new ChunkedWriteHandler(),
                        new ReadinessGate(Optional::empty),
                        new UpgradeGuard(Set.of(), new ConnectionSlots(10)),
                        new RequestDeadline(Duration.ofSeconds(10)),
                        new HttpRequestHandler(Optional::empty, () -> "", null, () -> {}),
                        new ChannelInboundHandlerAdapter() {
                            @Override
                            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                events.add(evt);
                            }
                        });

        channel.pipeline()
                .fireUserEventTriggered(
                        new WebSocketServerProtocolHandler.HandshakeComplete(
                                "/ws", new DefaultHttpHeaders(), null));

        assertThat(events).hasSize(1);
        // Only the last handler stays for the connection (names() lists the pipeline's tail too).
        assertThat(channel.pipeline().names()).hasSize(2);
        assertThat(channel.isOpen()).isTrue();
        channel.finishAndReleaseAll();
    }
}
