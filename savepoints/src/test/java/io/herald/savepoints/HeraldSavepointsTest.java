package io.herald.savepoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeraldSavepointsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final HeraldSavepoints cli =
            new HeraldSavepoints(
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    Map.of());

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noArgumentsPrintsUsageAndExitsWithTwo() {
        assertThat(cli.run()).isEqualTo(2);
        assertThat(err()).startsWith("Usage: herald-savepoints").contains("inspect", "rebuild");
    }

    @Test
    void helpPrintsUsageToStdoutAndSucceeds() {
        assertThat(cli.run("--help")).isEqualTo(0);
        assertThat(out()).startsWith("Usage: herald-savepoints").contains("inspect", "rebuild");
    }

    @Test
    void eachCommandsHelpListsItsOptionsWithTheirDefaultsAndVariables() {
        assertThat(cli.run("rebuild", "--help")).isEqualTo(0);
        assertThat(out())
                .startsWith("Usage: herald-savepoints rebuild [OPTIONS]")
                .contains("  --output PATH\n")
                .contains("(required; environment HERALD_SAVEPOINTS_OUTPUT)")
                .contains("(default 2min; environment HERALD_SAVEPOINTS_READ_TIMEOUT)")
                .contains("  --read-timeout DURATION\n");
        assertThat(cli.run("inspect", "-h")).isEqualTo(0);
        assertThat(out()).contains("Usage: herald-savepoints inspect [OPTIONS]");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(cli.run("list")).isEqualTo(2);
        assertThat(err()).startsWith("herald-savepoints: Unmatched argument at index 0: 'list'");
    }

    @Test
    void aBadOptionIsAUsageErrorNamingTheCommandAndTheOption() {
        assertThat(cli.run("inspect", "--path", "/x", "--format", "yaml")).isEqualTo(2);
        assertThat(err())
                .startsWith("herald-savepoints inspect: Invalid value for option '--format'")
                .contains("run herald-savepoints inspect --help for the options");
    }

    @Test
    void aRepeatedOptionIsAUsageError() {
        assertThat(cli.run("rebuild", "--output", "a", "--output", "b")).isEqualTo(2);
        assertThat(err()).contains("'--output'").contains("only once");
    }

    @Test
    void rebuildRefusesAnExistingOutputBeforeReadingKafka(@TempDir Path dir) throws Exception {
        Path existing = Files.createDirectory(dir.resolve("sp"));
        assertThat(
                        cli.run(
                                "rebuild",
                                "--output",
                                existing.toUri().toString(),
                                "--bootstrap-servers",
                                "127.0.0.1:1"))
                .isEqualTo(1);
        assertThat(err()).contains("exists: choose a new directory");
    }

    @Test
    void inspectOfAPathWithoutASavepointFailsWithTheReason(@TempDir Path dir) {
        assertThat(cli.run("inspect", "--path", dir.resolve("none").toUri().toString()))
                .isEqualTo(1);
        assertThat(err()).startsWith("error: ");
        assertThat(out()).isEmpty();
    }
}
