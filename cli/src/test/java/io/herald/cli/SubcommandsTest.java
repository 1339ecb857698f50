package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

class SubcommandsTest {

    @Command(
            name = "tool",
            description = "A sample tool.",
            subcommands = {SampleOptions.class})
    static final class Tool {}

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<SampleOptions.Sample> ran = new ArrayList<>();

    private int run(Exception failure, String... args) {
        Subcommands tool =
                new Subcommands() {
                    @Override
                    protected boolean dispatch(Object options) throws Exception {
                        if (!(options instanceof SampleOptions sample)) {
                            return false;
                        }
                        ran.add(Cli.build(sample));
                        if (failure != null) {
                            throw failure;
                        }
                        return true;
                    }
                };
        return tool.run(
                Cli.commandLine(new Tool(), "HERALD_TOOL", Map.of()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsTheSubcommandWithItsOptions() {
        assertThat(run(null, "sample", "--name", "x")).isZero();
        assertThat(ran).extracting(SampleOptions.Sample::name).containsExactly("x");
        assertThat(err()).isEmpty();
    }

    @Test
    void aBadArgumentOfTheSubcommandNamesTheSubcommand() {
        assertThat(run(null, "sample", "--nope")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err()).startsWith("tool sample: Unknown option: '--nope'");
        assertThat(ran).isEmpty();
    }

    @Test
    void aBadArgumentOfTheToolNamesTheTool() {
        assertThat(run(null, "--nope")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err()).startsWith("tool: Unknown option: '--nope'");
    }

    @Test
    void noSubcommandPrintsTheToolsUsage() {
        assertThat(run(null)).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err()).contains("Usage: tool").contains("sample");
    }

    @Test
    void helpOfTheSubcommandGoesToStdout() {
        assertThat(run(null, "sample", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: tool sample");
        assertThat(ran).isEmpty();
    }

    @Test
    void aFailedSubcommandIsOneLineOnStderrAndStatusOne() {
        assertThat(run(new IOException("disk full"), "sample")).isEqualTo(1);
        assertThat(err()).isEqualTo("error: disk full" + System.lineSeparator());
    }
}
