package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class OptionDocsTest {

    private static final String TABLE =
            String.join(
                    "\n",
                    "| option | environment variable | default | meaning |",
                    "|---|---|---|---|",
                    "| `--name NAME` | `HERALD_SAMPLE_NAME` | `default-name` | a name |",
                    "| `--timeout DURATION` | `HERALD_SAMPLE_TIMEOUT` | `20s` | how long to wait |",
                    "| `--buffer SIZE` | `HERALD_SAMPLE_BUFFER` | `1MiB` | a buffer |",
                    "| `--budget SIZE` | `HERALD_SAMPLE_BUDGET` | `256MiB` | a budget |",
                    "| `--count N` | `HERALD_SAMPLE_COUNT` | `3` | at most 10 `things`"
                            + " (`table\\|json`) |",
                    "| `--fresh` | `HERALD_SAMPLE_FRESH` | off | start afresh |",
                    "| `--extra NAME=VALUE` (repeatable) | `HERALD_SAMPLE_EXTRA` | none | an extra"
                            + " setting |",
                    "| `--path PATH` | `HERALD_SAMPLE_PATH` | unset | where |",
                    "");

    @TempDir Path root;

    private final CommandLine sample =
            Cli.commandLine(new SampleOptions(), SampleOptions.ENV_PREFIX, Map.of());

    @BeforeEach
    void repository() throws Exception {
        Files.createFile(root.resolve("mvnw"));
        Files.createDirectory(root.resolve("docs"));
        Files.writeString(root.resolve("README.md"), "# Sample\n");
    }

    @Test
    void theTableHasEveryOptionButHelpWithItsVariableDefaultAndMeaning() {
        assertThat(OptionTable.markdown(sample)).isEqualTo(TABLE);
    }

    @Test
    void aMatchingTablePasses() throws Exception {
        Path doc = root.resolve("docs").resolve("sample.md");
        Files.writeString(doc, "intro\n<!-- options: sample -->\n" + TABLE + "<!-- /options -->\n");

        assertThat(OptionDocs.check(root, "sample", sample, false)).containsExactly(doc);
    }

    @Test
    void aStaleTableFailsWithTheExpectedTableAndIsRewrittenOnRequest() throws Exception {
        Path readme = root.resolve("README.md");
        String stale =
                "# Sample\n<!-- options: sample -->\n| `--name` | x |\n<!-- /options -->\nend\n";
        Files.writeString(readme, stale);

        assertThatThrownBy(() -> OptionDocs.check(root, "sample", sample, false))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("[README.md] differs from the code")
                .hasMessageContaining(TABLE)
                .hasMessageContaining("-Dherald.docs.update=true");
        assertThat(Files.readString(readme)).isEqualTo(stale);

        OptionDocs.check(root, "sample", sample, true);
        assertThat(Files.readString(readme))
                .isEqualTo(
                        "# Sample\n<!-- options: sample -->\n"
                                + TABLE
                                + "<!-- /options -->\nend\n");
        OptionDocs.check(root, "sample", sample, false);
    }

    @Test
    void aCommandWithoutATableInTheDocsFails() {
        assertThatThrownBy(() -> OptionDocs.check(root, "sample", sample, false))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("<!-- options: sample -->");
    }

    @Test
    void theRepositoryIsFoundFromAModuleFolder() {
        Path found = OptionDocs.repositoryRoot();
        assertThat(found.resolve("mvnw")).isRegularFile();
        assertThat(found.resolve("cli")).isDirectory();
    }
}
