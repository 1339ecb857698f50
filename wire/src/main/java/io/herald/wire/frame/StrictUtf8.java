package io.herald.wire.frame;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Strict UTF-8 decoding: malformed input (overlong forms, encoded surrogates, truncated sequences)
 * is refused, never replaced. The JDK's decoder checks a whole array at once, with a fast path for
 * ASCII, so one pass both validates a frame and makes its text.
 */
public final class StrictUtf8 {
    private StrictUtf8() {}

    /** The text of {@code length} bytes of {@code utf8} at {@code offset}; empty if not UTF-8. */
    public static Optional<String> decode(byte[] utf8, int offset, int length) {
        try {
            // A new decoder reports malformed input rather than replacing it.
            return Optional.of(
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .decode(ByteBuffer.wrap(utf8, offset, length))
                            .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
