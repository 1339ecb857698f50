package io.herald.savepoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool's terminal output through its real entry point (the script, the packaged jar, its own
 * log configuration): a successful run prints its result and nothing on stderr, Flink's own logging
 * goes to the log file, and a failure is one line on stderr that names the log file.
 */
class HeraldSavepointsCliIT {

    @TempDir Path dir;

    @Test
    void inspectOfAHealthySavepointPrintsTheTableAndNothingOnStderr() throws Exception {
        URL fixture =
                getClass()
                        .getClassLoader()
                        .getResource(StateFixtureIT.FIXTURE + "/savepoint/_metadata");
        assertThat(fixture).as("committed fixture savepoint").isNotNull();
        Path log = dir.resolve("tool.log");

        ToolProcess.Result run =
                ToolProcess.run(
                        dir,
                        log,
                        "inspect",
                        "--path",
                        Path.of(fixture.toURI()).getParent().toUri().toString());

        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(run.stderr()).isEmpty();
        Properties manifest = StateFixtureIT.manifest();
        assertThat(run.stdout())
                .startsWith("SUBJECT")
                .contains("5 subjects in 5 epochs")
                .contains("highest issued epoch: " + manifest.getProperty("highest.issued.epoch"));
        StateFixtureIT.positions(manifest)
                .forEach(
                        (subject, p) ->
                                assertThat(run.stdout())
                                        .containsPattern(
                                                Pattern.quote(subject)
                                                        + " +"
                                                        + p.epoch()
                                                        + " +"
                                                        + p.seq()
                                                        + "\\n"));
        assertThat(Files.readString(log)).contains("Flink Mini Cluster started");
    }

    @Test
    void aFailedInspectIsOneLineOnStderrNamingTheLogFile() throws Exception {
        Path log = dir.resolve("tool.log");

        ToolProcess.Result run =
                ToolProcess.run(
                        dir, log, "inspect", "--path", dir.resolve("none").toUri().toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr().lines())
                .singleElement()
                .asString()
                .startsWith("error: ")
                .endsWith("(details in " + log.toAbsolutePath() + ")");
    }
}
