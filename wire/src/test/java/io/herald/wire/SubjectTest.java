package io.herald.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubjectTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/chat/room-1",
                "/stocks/NYSE/IBM",
                "/chat/日本/é",
                "/t",
                "/a.b_c-D9/x",
                "/demo/emoji/😀",
                "/demo/sp ace"
            })
    void acceptsValidSubjects(String s) {
        assertThat(Subject.parse(s).value()).isEqualTo(s);
        assertThat(Subject.isValid(s)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "chat",
                "/",
                "/a//b",
                "/a/",
                "//a",
                "/é/x",
                "/a b/x",
                "/a/b\u0000",
                "/a/b\u001f",
                "/a/b\u007f",
                "/a/\nb",
                "/to:pic/k"
            })
    void rejectsInvalidSubjects(String s) {
        assertThatThrownBy(() -> Subject.parse(s)).isInstanceOf(InvalidSubjectException.class);
        assertThat(Subject.isValid(s)).isFalse();
    }

    @Test
    void rejectsNullWithoutThrowingFromIsValid() {
        assertThat(Subject.isValid(null)).isFalse();
    }

    @Test
    void mapsFirstSegmentToTopicAndRestToKey() {
        Subject s = Subject.parse("/stocks/NYSE/IBM");
        assertThat(s.topic()).isEqualTo("stocks");
        assertThat(s.key()).isEqualTo("NYSE/IBM");
        assertThat(Subject.parse("/stocks").key()).isNull();
        assertThat(Subject.parse("/stocks").topic()).isEqualTo("stocks");
    }

    @Test
    void mapsRecordsToSubjectsAndBack() {
        Subject s = Subject.ofRecord("chat", "日本/é".getBytes(StandardCharsets.UTF_8));
        assertThat(s.value()).isEqualTo("/chat/日本/é");
        assertThat(new String(s.keyBytes(), StandardCharsets.UTF_8)).isEqualTo("日本/é");
        assertThat(Subject.ofRecord("chat", null).value()).isEqualTo("/chat");
        assertThat(Subject.fromBytes(s.toBytes())).isEqualTo(s);
    }

    @Test
    void rejectsKeysThatAreNotUtf8() {
        byte[] bad = {(byte) 0xc3, (byte) 0x28};
        assertThatThrownBy(() -> Subject.ofRecord("chat", bad))
                .isInstanceOf(InvalidSubjectException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void rejectsEmptyKeyAsEmptySegment() {
        assertThatThrownBy(() -> Subject.ofRecord("chat", new byte[0]))
                .isInstanceOf(InvalidSubjectException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void enforcesTheByteLimitInUtf8Bytes() {
        String topic = "t";
        // "/t/" is 3 bytes; é is 2 bytes each.
        String fits = "/" + topic + "/" + "é".repeat((Subject.MAX_BYTES - 3) / 2) + "x";
        assertThat(fits.getBytes(StandardCharsets.UTF_8)).hasSize(Subject.MAX_BYTES);
        assertThat(Subject.isValid(fits)).isTrue();
        String tooLong = fits + "x";
        assertThatThrownBy(() -> Subject.parse(tooLong))
                .isInstanceOf(InvalidSubjectException.class)
                .hasMessageContaining("1025");
    }

    @Test
    void enforcesTheTopicLengthLimit() {
        assertThat(Subject.isValid("/" + "a".repeat(249) + "/k")).isTrue();
        assertThat(Subject.isValid("/" + "a".repeat(250) + "/k")).isFalse();
    }

    @Test
    void rejectsUnpairedSurrogates() {
        assertThat(Subject.isValid("/t/a\uD800b")).isFalse();
        assertThat(Subject.isValid("/t/a\uDC00")).isFalse();
    }

    @Test
    void equalityIsByValue() {
        assertThat(Subject.parse("/a/b")).isEqualTo(Subject.parse("/a/b"));
        assertThat(Subject.parse("/a/b")).hasSameHashCodeAs(Subject.parse("/a/b"));
        assertThat(Subject.parse("/a/b")).isNotEqualTo(Subject.parse("/a/c"));
    }
}
