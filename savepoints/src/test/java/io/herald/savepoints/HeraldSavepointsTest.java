package io.herald.savepoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeraldSavepointsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final HeraldSavepoints cli =
            new HeraldSavepoints(
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));

    @Test
    void noArgumentsPrintsUsageAndExitsWithTwo() {
        assertThat(cli.run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: herald-savepoints");
    }

    @Test
    void helpPrintsUsageToStdoutAndSucceeds() {
        assertThat(cli.run("--help")).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("rebuild --output PATH");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(cli.run("list")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("error: unknown command 'list'");
    }

    @Test
    void aBadOptionIsAUsageError() {
        assertThat(cli.run("inspect", "--path", "/x", "--format", "yaml")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("error: --format must be table or json, got 'yaml'");
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
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("exists: choose a new directory");
    }

    @Test
    void inspectOfAPathWithoutASavepointFailsWithTheReason(@TempDir Path dir) {
        assertThat(cli.run("inspect", "--path", dir.resolve("none").toUri().toString()))
                .isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: ");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
