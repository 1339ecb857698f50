package io.herald.edge.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /healthz} is what an orchestrator sees: 200 while the edge serves, 503 and why not; a
 * request over the codec's bounds gets 414 or 431 and the connection closes.
 */
class HttpRequestHandlerTest {
    private final AtomicReference<Optional<String>> unavailable =
            new AtomicReference<>(Optional.of("warming cache"));
    private final AtomicInteger answered = new AtomicInteger();
    private final EmbeddedChannel channel =
            new EmbeddedChannel(
                    new HttpRequestHandler(
                            unavailable::get, () -> "", null, answered::incrementAndGet));

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    private FullHttpResponse healthz() {
        channel.writeInbound(
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/healthz"));
        return channel.readOutbound();
    }

    private static String body(FullHttpResponse res) {
        try {
            return res.content().toString(StandardCharsets.UTF_8);
        } finally {
            res.release();
        }
    }

    private FullHttpResponse refused(Exception cause) {
        DefaultFullHttpRequest req =
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/bad-request");
        req.setDecoderResult(DecoderResult.failure(cause));
        channel.writeInbound(req);
        return channel.readOutbound();
    }

    @Test
    void anOverLongRequestLineIs414AndTheConnectionCloses() {
        FullHttpResponse line = refused(new TooLongHttpLineException("line too long"));
        assertThat(line.status()).isEqualTo(HttpResponseStatus.REQUEST_URI_TOO_LONG);
        line.release();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void overLongHeadersAre431() {
        FullHttpResponse headers = refused(new TooLongHttpHeaderException("headers too long"));
        assertThat(headers.status()).isEqualTo(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
        headers.release();
    }

    @Test
    void answers503WhileTheCacheWarms() {
        FullHttpResponse res = healthz();
        assertThat(res.status()).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
        assertThat(body(res)).isEqualTo("warming cache\n");
    }

    @Test
    void answers200WhileTheEdgeServes() {
        unavailable.set(Optional.empty());
        FullHttpResponse res = healthz();
        assertThat(res.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(body(res)).isEqualTo("ok\n");
        assertThat(answered).hasValue(1);
    }

    @Test
    void answers503WithTheReasonOnceTheEdgeFailed() {
        unavailable.set(Optional.of("failed: herald-edge-consumer-1 stopped: boom"));
        FullHttpResponse res = healthz();
        assertThat(res.status()).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
        assertThat(body(res)).isEqualTo("failed: herald-edge-consumer-1 stopped: boom\n");
    }
}
