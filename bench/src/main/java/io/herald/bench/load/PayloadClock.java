package io.herald.bench.load;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Message contents that carry the time they were published: 16 decimal digits of microseconds since
 * 1970, then filler up to the payload size. Every process of a run reads the same wall clock, so a
 * receiver's latency is its own time minus the stamped one.
 */
public final class PayloadClock {
    static final int DIGITS = 16;

    private PayloadClock() {}

    /** Microseconds since 1970, from the wall clock. */
    public static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** A content of {@code size} bytes (at least 16) stamped with the current time. */
    public static byte[] stamped(int size) {
        byte[] b = new byte[Math.max(size, DIGITS)];
        Arrays.fill(b, DIGITS, b.length, (byte) 'x');
        byte[] digits = String.format("%016d", nowMicros()).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, b, 0, DIGITS);
        return b;
    }

    /** The stamp at {@code index} of {@code buf}, or -1 when there are no 16 digits there. */
    static long stampAt(ByteBuf buf, int index) {
        if (index < 0 || index + DIGITS > buf.writerIndex()) {
            return -1;
        }
        long v = 0;
        for (int i = index; i < index + DIGITS; i++) {
            int d = buf.getByte(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }
}
