package io.herald.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameReaderTest {
    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    void readsTheStampAndSeqOfAHeraldMessageFrame() {
        byte[] content = PayloadClock.stamped(40);
        String stamp = new String(content, 0, 16, StandardCharsets.US_ASCII);
        ByteBuf frame =
                text(
                        "{\"type\":\"message\",\"subject\":\"/demo/s1\",\"epoch\":1,\"seq\":1000,"
                                + "\"content\":\""
                                + new String(content, StandardCharsets.US_ASCII)
                                + "\",\"timestamp\":1,\"replay\":true}");
        assertThat(FrameReader.stamp(frame)).isEqualTo(Long.parseLong(stamp));
        assertThat(FrameReader.seq(frame)).isEqualTo(1000);
        assertThat(FrameReader.isSubscribed(frame)).isFalse();
    }

    @Test
    void aRawFrameIsTheContentItself() {
        byte[] content = PayloadClock.stamped(100);
        assertThat(FrameReader.stamp(Unpooled.wrappedBuffer(content)))
                .isEqualTo(Long.parseLong(new String(content, 0, 16, StandardCharsets.US_ASCII)));
    }

    @Test
    void tellsControlFramesFromMessages() {
        ByteBuf subscribed =
                text(
                        "{\"type\":\"subscribed\",\"id\":\"b\",\"subject\":\"/demo/s1\",\"recovery\":\"none\"}");
        assertThat(FrameReader.stamp(subscribed)).isEqualTo(-1);
        assertThat(FrameReader.isSubscribed(subscribed)).isTrue();
        assertThat(FrameReader.isError(text("{\"type\":\"error\",\"code\":\"OVERLOADED\"}")))
                .isTrue();
    }

    @Test
    void aStampIsTheRecentWallClock() {
        long before = PayloadClock.nowMicros();
        long stamp = FrameReader.stamp(Unpooled.wrappedBuffer(PayloadClock.stamped(16)));
        assertThat(stamp).isBetween(before, PayloadClock.nowMicros());
    }
}
