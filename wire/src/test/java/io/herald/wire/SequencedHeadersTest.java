package io.herald.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SequencedHeadersTest {

    @Test
    void encodesLongsAsEightBigEndianBytes() {
        assertThat(SequencedHeaders.encodeLong(0x0102030405060708L))
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        for (long v : new long[] {0, 1, 255, 256, Position.MAX_SAFE, Long.MAX_VALUE, -1}) {
            assertThat(SequencedHeaders.decodeLong(SequencedHeaders.encodeLong(v))).isEqualTo(v);
        }
    }

    @Test
    void rejectsLongsOfTheWrongLength() {
        assertThatThrownBy(() -> SequencedHeaders.decodeLong(new byte[7]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SequencedHeaders.decodeLong(null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesAndPrintsSourceReferences() {
        SourceRef ref = SourceRef.parse("my.topic-1:2:345");
        assertThat(ref).isEqualTo(new SourceRef("my.topic-1", 2, 345));
        assertThat(ref.toString()).isEqualTo("my.topic-1:2:345");
        assertThat(new SourceRef("t", 0, 5).isAfter(new SourceRef("t", 0, 4))).isTrue();
        assertThat(new SourceRef("t", 1, 5).isAfter(new SourceRef("t", 0, 4))).isFalse();
        for (String bad :
                new String[] {"t", "t:1", ":1:2", "t:x:2", "t:1:-2", "t:-1:2", "a b:1:2"}) {
            assertThatThrownBy(() -> SourceRef.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void decodesASequencedRecord() {
        Map<String, byte[]> headers = new HashMap<>();
        headers.put(SequencedHeaders.EPOCH, SequencedHeaders.encodeLong(7));
        headers.put(SequencedHeaders.SEQ, SequencedHeaders.encodeLong(42));
        headers.put(SequencedHeaders.SOURCE, SequencedHeaders.encodeString("chat:0:9"));
        headers.put(SequencedHeaders.MESSAGE_ID, SequencedHeaders.encodeString("m-1"));
        byte[] content = "hi".getBytes(StandardCharsets.UTF_8);

        SequencedMessage m =
                SequencedMessage.decode(
                        "/chat/room".getBytes(StandardCharsets.UTF_8),
                        content,
                        1234L,
                        headers::get);

        assertThat(m.subject()).isEqualTo(Subject.parse("/chat/room"));
        assertThat(m.position()).isEqualTo(Position.of(7, 42));
        assertThat(m.content()).isEqualTo(content);
        assertThat(m.timestamp()).isEqualTo(1234L);
        assertThat(m.source()).isEqualTo(new SourceRef("chat", 0, 9));
        assertThat(m.messageId()).isEqualTo("m-1");
        assertThat(m.publisher()).isNull();
    }

    @Test
    void rejectsSequencedRecordsMissingAHeader() {
        Map<String, byte[]> headers = new HashMap<>();
        headers.put(SequencedHeaders.EPOCH, SequencedHeaders.encodeLong(7));
        assertThatThrownBy(
                        () ->
                                SequencedMessage.decode(
                                        "/chat/room".getBytes(StandardCharsets.UTF_8),
                                        new byte[0],
                                        0,
                                        headers::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("seq");
    }
}
