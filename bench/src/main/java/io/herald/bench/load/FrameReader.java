package io.herald.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * Reads what the generator needs from a received text frame without decoding JSON: a Herald {@code
 * message} frame's content stamp and {@code seq}, whether it is a {@code subscribed} frame; a raw
 * frame (nchan, the bare Netty server) is the content itself.
 */
final class FrameReader {
    private static final ByteBuf CONTENT = ascii("\"content\":\"");
    private static final ByteBuf SEQ = ascii("\"seq\":");
    private static final ByteBuf SUBSCRIBED = ascii("\"type\":\"subscribed\"");
    private static final ByteBuf ERROR = ascii("\"type\":\"error\"");

    private FrameReader() {}

    private static ByteBuf ascii(String s) {
        return Unpooled.unreleasableBuffer(
                Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII).asReadOnly());
    }

    static boolean isJson(ByteBuf frame) {
        return frame.readableBytes() > 0 && frame.getByte(frame.readerIndex()) == '{';
    }

    /** The publish stamp of a message frame, or -1 when the frame is no message. */
    static long stamp(ByteBuf frame) {
        if (!isJson(frame)) {
            return PayloadClock.stampAt(frame, frame.readerIndex());
        }
        int i = ByteBufUtil.indexOf(CONTENT, frame);
        return i < 0 ? -1 : PayloadClock.stampAt(frame, i + CONTENT.readableBytes());
    }

    /** The {@code seq} of a Herald message frame, or -1. */
    static long seq(ByteBuf frame) {
        int i = ByteBufUtil.indexOf(SEQ, frame);
        if (i < 0) {
            return -1;
        }
        long v = 0;
        for (int p = i + SEQ.readableBytes(); p < frame.writerIndex(); p++) {
            int d = frame.getByte(p) - '0';
            if (d < 0 || d > 9) {
                break;
            }
            v = v * 10 + d;
        }
        return v;
    }

    static boolean isSubscribed(ByteBuf frame) {
        return isJson(frame) && ByteBufUtil.indexOf(SUBSCRIBED, frame) >= 0;
    }

    static boolean isError(ByteBuf frame) {
        return isJson(frame) && ByteBufUtil.indexOf(ERROR, frame) >= 0;
    }
}
