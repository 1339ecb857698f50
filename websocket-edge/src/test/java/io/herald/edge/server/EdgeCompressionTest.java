package io.herald.edge.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;

class EdgeCompressionTest {
    private static TextWebSocketFrame text(int bytes, boolean last) {
        return new TextWebSocketFrame(last, 0, Unpooled.wrappedBuffer(new byte[bytes]));
    }

    @Test
    void aSmallWholeReplyGoesUncompressed() {
        TextWebSocketFrame ack = text(120, true);
        assertThat(EdgeCompression.isSmallWholeMessage(ack)).isTrue();
        ack.release();
    }

    @Test
    void aReplyOfTheThresholdOrMoreIsCompressed() {
        TextWebSocketFrame big = text(EdgeCompression.MIN_COMPRESSED_BYTES, true);
        assertThat(EdgeCompression.isSmallWholeMessage(big)).isFalse();
        big.release();
    }

    @Test
    void fragmentsAreNeverSkippedSinceTheMessageMayBeCompressedAsAWhole() {
        TextWebSocketFrame first = text(10, false);
        ContinuationWebSocketFrame rest =
                new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[10]));
        assertThat(EdgeCompression.isSmallWholeMessage(first)).isFalse();
        assertThat(EdgeCompression.isSmallWholeMessage(rest)).isFalse();
        first.release();
        rest.release();
    }
}
