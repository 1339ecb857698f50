package io.herald.wire.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrictUtf8Test {
    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void decodesWellFormedTextWithinTheRange() {
        byte[] text = "ab€😀c".getBytes(StandardCharsets.UTF_8);
        assertThat(StrictUtf8.decode(text, 2, text.length - 3)).contains("€😀");
    }

    @Test
    void refusesWhatALenientDecoderWouldReplaceOrMisread() {
        assertThat(StrictUtf8.decode(bytes(0xC0, 0xAF), 0, 2)).as("overlong '/'").isEmpty();
        assertThat(StrictUtf8.decode(bytes(0xED, 0xA0, 0x80), 0, 3)).as("a surrogate").isEmpty();
        assertThat(StrictUtf8.decode(bytes('{', 0xC3, '(', '}'), 0, 4)).as("truncated").isEmpty();
        assertThat(StrictUtf8.decode(bytes(0xF4, 0x90, 0x80, 0x80), 0, 4))
                .as("above U+10FFFF")
                .isEmpty();
    }
}
