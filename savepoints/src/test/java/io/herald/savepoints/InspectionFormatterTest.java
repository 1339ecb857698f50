package io.herald.savepoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class InspectionFormatterTest {

    private static final Inspection TWO_EPOCHS =
            new Inspection(
                    "file:///sp",
                    "/chat/",
                    List.of(
                            new SubjectPositionRow("/chat/room-2", 1_700_000_000_000_001L, 0),
                            new SubjectPositionRow("/chat/a", 1_700_000_000_000_000L, 41),
                            new SubjectPositionRow("/chat/room-1", 1_700_000_000_000_001L, 7)),
                    List.of(1_700_000_000_000_009L, 1_700_000_000_000_004L));

    @Test
    void tableListsSubjectsSortedWithCountsPerEpochAndTheIssuedEpochs() {
        String expected =
                String.join(
                        System.lineSeparator(),
                        "SUBJECT                  EPOCH  SEQ",
                        "/chat/a       1700000000000000  41",
                        "/chat/room-1  1700000000000001  7",
                        "/chat/room-2  1700000000000001  0",
                        "",
                        "3 subjects under /chat/ in 2 epochs",
                        "  epoch 1700000000000000: 1",
                        "  epoch 1700000000000001: 2",
                        "issued epochs (union state): 1700000000000004, 1700000000000009",
                        "highest issued epoch: 1700000000000009",
                        "");
        assertThat(InspectionFormatter.format(TWO_EPOCHS, OutputFormat.TABLE)).isEqualTo(expected);
    }

    @Test
    void tableOfAnEmptySavepointSaysNone() {
        String table =
                InspectionFormatter.format(
                        new Inspection("p", "", List.of(), List.of()), OutputFormat.TABLE);
        assertThat(table)
                .contains("0 subjects in 0 epochs")
                .contains("issued epochs (union state): none")
                .contains("highest issued epoch: none");
    }

    @Test
    void jsonCarriesTheSameFactsUnderStableNames() throws Exception {
        JsonNode json =
                new ObjectMapper()
                        .readTree(InspectionFormatter.format(TWO_EPOCHS, OutputFormat.JSON));
        assertThat(json.get("path").asText()).isEqualTo("file:///sp");
        assertThat(json.get("subjectPrefix").asText()).isEqualTo("/chat/");
        assertThat(json.get("subjectCount").asInt()).isEqualTo(3);
        assertThat(json.get("subjects").get(0).get("subject").asText()).isEqualTo("/chat/a");
        assertThat(json.get("subjects").get(0).get("epoch").asLong())
                .isEqualTo(1_700_000_000_000_000L);
        assertThat(json.get("subjects").get(0).get("seq").asLong()).isEqualTo(41);
        assertThat(json.get("epochs").get(1).get("epoch").asLong())
                .isEqualTo(1_700_000_000_000_001L);
        assertThat(json.get("epochs").get(1).get("subjects").asInt()).isEqualTo(2);
        assertThat(json.get("issuedEpochs").get(0).asLong()).isEqualTo(1_700_000_000_000_004L);
        assertThat(json.get("highestIssuedEpoch").asLong()).isEqualTo(1_700_000_000_000_009L);
    }

    @Test
    void jsonHighestIssuedEpochIsNullWithoutUnionState() throws Exception {
        JsonNode json =
                new ObjectMapper()
                        .readTree(
                                InspectionFormatter.format(
                                        new Inspection("p", "", List.of(), List.of()),
                                        OutputFormat.JSON));
        assertThat(json.get("highestIssuedEpoch").isNull()).isTrue();
    }
}
