package io.herald.edge.server;

import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.DeflateFrameServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;

/**
 * The edge's WebSocket compression: Netty's per-message deflate (and the older deflate-frame) with
 * its defaults, inflation bounded by the frame limit, except that a reply smaller than {@value
 * #MIN_COMPRESSED_BYTES} bytes goes uncompressed (RSV1 = 0, legal under RFC 7692). A {@code
 * published} ack or an error is a hundred bytes: deflating each cost the edge's event loop, and
 * inflating each cost a Node client (the {@code ws} library inflates on its thread pool) more CPU
 * than the rest of its publish path, for a few dozen bytes saved. The {@code ws} library skips
 * compressing its own messages under the same size.
 */
final class EdgeCompression {
    /** Replies below this many bytes are sent uncompressed. */
    static final int MIN_COMPRESSED_BYTES = 1024;

    private static final int LEVEL = 6;
    private static final int WINDOW_BITS = 15;
    private static final int MEM_LEVEL = 8;

    private static final WebSocketExtensionFilter SMALL_REPLIES =
            frame -> isSmallWholeMessage(frame);

    private static final WebSocketExtensionFilterProvider FILTERS =
            new WebSocketExtensionFilterProvider() {
                @Override
                public WebSocketExtensionFilter encoderFilter() {
                    return SMALL_REPLIES;
                }

                @Override
                public WebSocketExtensionFilter decoderFilter() {
                    return WebSocketExtensionFilter.NEVER_SKIP;
                }
            };

    private EdgeCompression() {}

    /** The negotiation handler; {@code maxFrameBytes} bounds what one message may inflate to. */
    static ChannelHandler handler(int maxFrameBytes) {
        return new WebSocketServerExtensionHandler(
                new PerMessageDeflateServerExtensionHandshaker(
                        LEVEL,
                        ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(),
                        WINDOW_BITS,
                        false,
                        false,
                        WINDOW_BITS,
                        MEM_LEVEL,
                        FILTERS,
                        maxFrameBytes),
                new DeflateFrameServerExtensionHandshaker(
                        LEVEL, WINDOW_BITS, MEM_LEVEL, FILTERS, maxFrameBytes));
    }

    /** A whole message (not a fragment) too small to be worth deflating. */
    static boolean isSmallWholeMessage(WebSocketFrame frame) {
        return frame.isFinalFragment()
                && !(frame instanceof ContinuationWebSocketFrame)
                && frame.content().readableBytes() < MIN_COMPRESSED_BYTES;
    }
}
