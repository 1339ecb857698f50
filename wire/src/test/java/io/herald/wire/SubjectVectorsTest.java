package io.herald.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Subject} against the shared vectors of docs/protocol/vectors/subjects.json. */
class SubjectVectorsTest {

    static Stream<Arguments> valid() {
        return ProtocolVectors.cases("subjects.json", "/valid", "why");
    }

    static Stream<Arguments> invalid() {
        return ProtocolVectors.cases("subjects.json", "/invalid", "why");
    }

    static Stream<Arguments> validRecords() {
        return ProtocolVectors.cases("subjects.json", "/records/valid", "why");
    }

    static Stream<Arguments> invalidRecords() {
        return ProtocolVectors.cases("subjects.json", "/records/invalid", "why");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void acceptsAndMapsToTopicAndKey(String why, JsonNode v) {
        String value = ProtocolVectors.string(v.path("subject"));
        String topic = ProtocolVectors.string(v.path("topic"));
        String key = ProtocolVectors.string(v.path("key"));

        Subject subject = Subject.parse(value);
        assertThat(subject.value()).isEqualTo(value);
        assertThat(subject.topic()).isEqualTo(topic);
        assertThat(subject.key()).isEqualTo(key);
        assertThat(Subject.isValid(value)).isTrue();
        assertThat(Subject.ofTopicAndKey(topic, key)).isEqualTo(subject);
        assertThat(Subject.ofRecord(topic, subject.keyBytes())).isEqualTo(subject);
        assertThat(Subject.fromBytes(subject.toBytes())).isEqualTo(subject);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsSayingWhy(String why, JsonNode v) {
        String value = ProtocolVectors.string(v.path("subject"));
        assertThatThrownBy(() -> Subject.parse(value))
                .isInstanceOf(InvalidSubjectException.class)
                .hasMessageContaining(v.path("error").textValue());
        assertThat(Subject.isValid(value)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validRecords")
    void mapsARecordToItsSubject(String why, JsonNode v) {
        Subject subject = Subject.ofRecord(v.path("topic").textValue(), keyBytes(v));
        assertThat(subject.value()).isEqualTo(v.path("subject").textValue());
        assertThat(subject.keyBytes()).isEqualTo(keyBytes(v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRecords")
    void refusesARecordThatMapsToNoSubject(String why, JsonNode v) {
        assertThatThrownBy(() -> Subject.ofRecord(v.path("topic").textValue(), keyBytes(v)))
                .isInstanceOf(InvalidSubjectException.class)
                .hasMessageContaining(v.path("error").textValue());
    }

    private static byte[] keyBytes(JsonNode v) {
        JsonNode hex = v.path("keyHex");
        return hex.isNull() ? null : HexFormat.of().parseHex(hex.textValue());
    }
}
