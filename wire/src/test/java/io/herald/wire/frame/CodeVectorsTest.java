package io.herald.wire.frame;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.wire.ProtocolVectors;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link ErrorCode} and {@link CloseCode} against docs/protocol/vectors/codes.json, both ways: a
 * code added on one side without the other fails here, and docs/PROTOCOL.md names every one.
 */
class CodeVectorsTest {

    private static final String FILE = "codes.json";

    @Test
    void errorCodesAreExactlyTheVectors() {
        List<String> vectors =
                ProtocolVectors.entries(FILE, "/errorCodes").stream()
                        .map(v -> v.path("code").textValue())
                        .toList();
        assertThat(vectors)
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(ErrorCode.values()).map(ErrorCode::name).toList());
        for (String code : vectors) {
            assertThat(ErrorCode.fromWire(code)).as(code).isPresent();
        }
    }

    @Test
    void closeCodesAreExactlyTheVectors() {
        Map<Integer, String> vectors =
                ProtocolVectors.entries(FILE, "/closeCodes").stream()
                        .collect(
                                Collectors.toMap(
                                        v -> v.path("code").intValue(),
                                        v -> v.path("name").textValue()));
        Map<Integer, String> constants =
                Arrays.stream(CloseCode.values())
                        .collect(Collectors.toMap(CloseCode::code, CloseCode::name));
        assertThat(constants).isEqualTo(vectors);
        vectors.forEach(
                (code, name) -> assertThat(CloseCode.of(code)).contains(CloseCode.valueOf(name)));
    }

    @Test
    void codesOutsideTheProtocolAreNotCloseCodes() {
        for (JsonNode v : ProtocolVectors.entries(FILE, "/otherCloseCodes")) {
            assertThat(CloseCode.of(v.path("code").intValue())).isEmpty();
        }
    }

    @Test
    void theProtocolTextNamesEveryCode() {
        String protocol = ProtocolVectors.protocolText();
        for (JsonNode v : ProtocolVectors.entries(FILE, "/errorCodes")) {
            assertThat(protocol).contains("`" + v.path("code").textValue() + "`");
        }
        for (JsonNode v : ProtocolVectors.entries(FILE, "/closeCodes")) {
            assertThat(protocol).contains(v.path("code").asText() + " ");
        }
    }
}
