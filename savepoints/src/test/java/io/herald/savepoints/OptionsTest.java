package io.herald.savepoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.job.SequencerJob;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void inspectDefaultsToAllSubjectsAsATable() {
        InspectOptions o = InspectOptions.parse(List.of("--path", "file:///var/herald/sp-1"));
        assertThat(o)
                .isEqualTo(new InspectOptions("file:///var/herald/sp-1", OutputFormat.TABLE, ""));
    }

    @Test
    void inspectTakesFormatAndPrefixInBothSpellings() {
        InspectOptions o =
                InspectOptions.parse(
                        List.of(
                                "--path=/var/herald/sp",
                                "--format",
                                "JSON",
                                "--subject-prefix=/chat/"));
        assertThat(o).isEqualTo(new InspectOptions("/var/herald/sp", OutputFormat.JSON, "/chat/"));
    }

    @Test
    void inspectRejectsAMissingPathAnUnknownFormatAndUnknownOptions() {
        assertThatThrownBy(() -> InspectOptions.parse(List.of()))
                .isInstanceOf(UsageException.class)
                .hasMessage("option --path is required");
        assertThatThrownBy(() -> InspectOptions.parse(List.of("--path", "p", "--format", "xml")))
                .hasMessage("--format must be table or json, got 'xml'");
        assertThatThrownBy(() -> InspectOptions.parse(List.of("--path", "p", "--limit", "3")))
                .hasMessage("unknown option --limit");
        assertThatThrownBy(() -> InspectOptions.parse(List.of("--path")))
                .hasMessage("option --path needs a value");
        assertThatThrownBy(() -> InspectOptions.parse(List.of("p")))
                .hasMessage("unexpected argument 'p'");
        assertThatThrownBy(() -> InspectOptions.parse(List.of("--path", "a", "--path", "b")))
                .hasMessage("option --path given twice");
    }

    @Test
    void rebuildDefaultsMatchTheJob() {
        RebuildOptions o = RebuildOptions.parse(List.of("--output", "file:///var/herald/rebuilt"));
        assertThat(o)
                .isEqualTo(
                        new RebuildOptions(
                                "localhost:9092",
                                "messages.sequenced",
                                "messages.dead-letter",
                                "herald-sequencer",
                                true,
                                "file:///var/herald/rebuilt",
                                SequencerJob.MAX_PARALLELISM,
                                Duration.ofMinutes(2)));
        assertThat(RebuildOptions.DEFAULT_MAX_PARALLELISM).isEqualTo(SequencerJob.MAX_PARALLELISM);
    }

    @Test
    void rebuildTakesEveryOption() {
        RebuildOptions o =
                RebuildOptions.parse(
                        List.of(
                                "--bootstrap-servers", "k1:9092,k2:9092",
                                "--sequenced-topic", "seq",
                                "--dead-letter-topic", "dl",
                                "--group-id", "g",
                                "--commit-source-offsets", "false",
                                "--output", "/var/herald/x",
                                "--max-parallelism", "256",
                                "--read-timeout-seconds", "5"));
        assertThat(o)
                .isEqualTo(
                        new RebuildOptions(
                                "k1:9092,k2:9092",
                                "seq",
                                "dl",
                                "g",
                                false,
                                "/var/herald/x",
                                256,
                                Duration.ofSeconds(5)));
    }

    @Test
    void rebuildRejectsBadNumbersAndAMissingOutput() {
        assertThatThrownBy(() -> RebuildOptions.parse(List.of()))
                .hasMessage("option --output is required");
        assertThatThrownBy(
                        () ->
                                RebuildOptions.parse(
                                        List.of("--output", "o", "--max-parallelism", "0")))
                .hasMessage("option --max-parallelism must be in 1..32768, got 0");
        assertThatThrownBy(
                        () ->
                                RebuildOptions.parse(
                                        List.of("--output", "o", "--max-parallelism", "many")))
                .hasMessage("option --max-parallelism must be an integer, got 'many'");
        assertThatThrownBy(() -> RebuildOptions.parse(List.of("--output", "o", "--format", "x")))
                .hasMessage("unknown option --format");
        assertThatThrownBy(
                        () ->
                                RebuildOptions.parse(
                                        List.of("--output", "o", "--commit-source-offsets", "yes")))
                .hasMessage("option --commit-source-offsets must be true or false, got 'yes'");
    }
}
