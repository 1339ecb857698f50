package io.herald.edge.fanout;

import io.herald.wire.Position;
import io.herald.wire.Subject;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Encodes {@code message} frames (PROTOCOL.md) straight into one buffer holding the complete
 * server-to-client WebSocket frame: the RFC 6455 header (FIN, text opcode, unmasked length) and the
 * JSON payload. The fan-out writes that buffer, {@code retainedDuplicate()}d, to every subscriber,
 * so a message is encoded once per edge and no per-connection encoder touches it.
 *
 * <p>The JSON is byte-for-byte what {@code io.herald.wire.frame.FrameCodec} writes for an {@code
 * EdgeFrame.Message}: fields in the order type, subject, epoch, seq, content, timestamp, replay;
 * Jackson's escapes; non-ASCII as UTF-8. Content that is not valid UTF-8 is decoded as Java decodes
 * it (U+FFFD for each malformed sequence) so the text frame is always valid UTF-8.
 */
public final class MessageFrames {
    /** The largest RFC 6455 server frame header: 2 bytes plus an 8-byte length. */
    public static final int MAX_HEADER = 10;

    private static final byte[] TYPE = ascii("{\"type\":\"message\",\"subject\":");
    private static final byte[] EPOCH = ascii(",\"epoch\":");
    private static final byte[] SEQ = ascii(",\"seq\":");
    private static final byte[] CONTENT = ascii(",\"content\":");
    private static final byte[] TIMESTAMP = ascii(",\"timestamp\":");
    private static final byte[] REPLAY_TRUE = ascii(",\"replay\":true}");
    private static final byte[] REPLAY_FALSE = ascii(",\"replay\":false}");
    private static final byte[] HEX = ascii("0123456789abcdef");

    private MessageFrames() {}

    /** The whole WebSocket frame: header then JSON; the caller owns the returned buffer. */
    public static ByteBuf encode(
            ByteBufAllocator alloc,
            Subject subject,
            Position position,
            byte[] content,
            long timestamp,
            boolean replay) {
        byte[] subjectBytes = subject.toBytes();
        ByteBuf buf =
                alloc.buffer(MAX_HEADER + 96 + subjectBytes.length + content.length * 11 / 10);
        buf.writerIndex(MAX_HEADER);
        buf.writeBytes(TYPE);
        writeJsonString(buf, subjectBytes);
        buf.writeBytes(EPOCH);
        writeLong(buf, position.epoch());
        buf.writeBytes(SEQ);
        writeLong(buf, position.seq());
        buf.writeBytes(CONTENT);
        if (isValidUtf8(content)) {
            writeJsonString(buf, content);
        } else {
            writeJsonString(
                    buf,
                    new String(content, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
        }
        buf.writeBytes(TIMESTAMP);
        writeLong(buf, Math.max(0, timestamp));
        buf.writeBytes(replay ? REPLAY_TRUE : REPLAY_FALSE);
        int payload = buf.writerIndex() - MAX_HEADER;
        int headerLength = payload < 126 ? 2 : payload < 65536 ? 4 : 10;
        int start = MAX_HEADER - headerLength;
        buf.setByte(start, 0x81); // FIN + text
        if (headerLength == 2) {
            buf.setByte(start + 1, payload);
        } else if (headerLength == 4) {
            buf.setByte(start + 1, 126);
            buf.setShort(start + 2, payload);
        } else {
            buf.setByte(start + 1, 127);
            buf.setLong(start + 2, payload);
        }
        buf.readerIndex(start);
        return buf;
    }

    /** The header length of an encoded frame, so that its JSON payload can be sliced out. */
    public static int headerLength(ByteBuf frame) {
        int len = frame.getByte(frame.readerIndex() + 1) & 0x7f;
        return len < 126 ? 2 : len == 126 ? 4 : 10;
    }

    private static void writeLong(ByteBuf buf, long v) {
        buf.writeCharSequence(Long.toString(v), StandardCharsets.US_ASCII);
    }

    private static void writeJsonString(ByteBuf buf, byte[] utf8) {
        buf.writeByte('"');
        int runStart = 0;
        for (int i = 0; i < utf8.length; i++) {
            int b = utf8[i] & 0xff;
            if (b >= 0x20 && b != '"' && b != '\\') {
                continue;
            }
            buf.writeBytes(utf8, runStart, i - runStart);
            runStart = i + 1;
            buf.writeByte('\\');
            switch (b) {
                case '"':
                case '\\':
                    buf.writeByte(b);
                    break;
                case '\b':
                    buf.writeByte('b');
                    break;
                case '\t':
                    buf.writeByte('t');
                    break;
                case '\f':
                    buf.writeByte('f');
                    break;
                case '\n':
                    buf.writeByte('n');
                    break;
                case '\r':
                    buf.writeByte('r');
                    break;
                default:
                    buf.writeByte('u');
                    buf.writeByte('0');
                    buf.writeByte('0');
                    buf.writeByte(HEX[b >> 4]);
                    buf.writeByte(HEX[b & 0xf]);
            }
        }
        buf.writeBytes(utf8, runStart, utf8.length - runStart);
        buf.writeByte('"');
    }

    /** Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. */
    static boolean isValidUtf8(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int min;
            if (c >= 0xc2 && c <= 0xdf) {
                need = 1;
                min = 0x80;
            } else if (c >= 0xe0 && c <= 0xef) {
                need = 2;
                min = 0x800;
            } else if (c >= 0xf0 && c <= 0xf4) {
                need = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + need >= n) {
                return false;
            }
            int cp = c & (0x3f >> need);
            for (int k = 1; k <= need; k++) {
                int cc = b[i + k] & 0xff;
                if ((cc & 0xc0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (cc & 0x3f);
            }
            if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                return false;
            }
            i += need + 1;
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
