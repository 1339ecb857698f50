package io.herald.edge;

import io.herald.wire.Position;
import io.herald.wire.SequencedMessage;
import io.herald.wire.SourceRef;
import io.herald.wire.Subject;
import java.nio.charset.StandardCharsets;

/** Builds sequenced messages for tests. */
public final class Messages {
    private Messages() {}

    /** A message on {@code subject} at (epoch, seq) from source offset {@code offset}. */
    public static SequencedMessage msg(
            String subject, long epoch, long seq, long offset, long timestamp, String content) {
        return new SequencedMessage(
                Subject.parse(subject),
                new Position(epoch, seq),
                content.getBytes(StandardCharsets.UTF_8),
                timestamp,
                new SourceRef("demo", 0, offset),
                null,
                null);
    }
}
