package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class CliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static SampleOptions.Sample parse(Map<String, String> env, String... args) {
        return Cli.parse(new SampleOptions(), SampleOptions.ENV_PREFIX, env, args);
    }

    private static SampleOptions.Sample parse(String... args) {
        return parse(Map.of(), args);
    }

    @Test
    void theDeclaredDefaultsApplyWhenNothingIsGiven() {
        assertThat(parse())
                .isEqualTo(
                        new SampleOptions.Sample(
                                "default-name",
                                Duration.ofSeconds(20),
                                1 << 20,
                                256L << 20,
                                3,
                                false,
                                List.of(),
                                null));
    }

    @Test
    void flagsOverrideTheEnvironmentWhichOverridesDefaults() {
        SampleOptions.Sample s =
                parse(
                        Map.of(
                                "HERALD_SAMPLE_NAME", "from-env",
                                "HERALD_SAMPLE_TIMEOUT", " 3min ",
                                "HERALD_SAMPLE_BUDGET", "64KiB",
                                "HERALD_SAMPLE_FRESH", "true",
                                "HERALD_OTHER_COUNT", "9"),
                        "--name",
                        "from-flag",
                        "--buffer=2KiB");
        assertThat(s.name()).isEqualTo("from-flag");
        assertThat(s.timeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(s.budget()).isEqualTo(64 * 1024);
        assertThat(s.buffer()).isEqualTo(2048);
        assertThat(s.fresh()).isTrue();
        assertThat(s.count()).isEqualTo(3);
    }

    @Test
    void aSingleValuedOptionGivenTwiceIsAnError() {
        assertThatThrownBy(() -> parse("--name", "a", "--name", "b"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--name")
                .hasMessageContaining("should be specified only once");
        assertThatThrownBy(() -> parse("--fresh", "--fresh"))
                .hasMessageContaining("--fresh")
                .hasMessageContaining("only once");
        assertThatThrownBy(() -> parse(Map.of("HERALD_SAMPLE_NAME", "e"), "--name=a", "--name=a"))
                .hasMessageContaining("only once");
    }

    @Test
    void aRepeatableOptionAccumulatesInOrder() {
        assertThat(parse("--extra", "a=1", "--extra=b=2", "--extra", "a=3").extra())
                .containsExactly("a=1", "b=2", "a=3");
    }

    @Test
    void unknownOptionsMissingValuesAndStrayArgumentsAreErrors() {
        assertThatThrownBy(() -> parse("--nope", "1"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("Unknown option")
                .hasMessageContaining("'--nope'");
        assertThatThrownBy(() -> parse("--name"))
                .hasMessageContaining("Missing required parameter for option '--name'");
        assertThatThrownBy(() -> parse("stray")).hasMessageContaining("'stray'");
        assertThatThrownBy(() -> parse("--timeout-seconds", "5"))
                .hasMessageContaining("'--timeout-seconds'")
                .hasMessageEndingWith("(did you mean --timeout?)");
    }

    @Test
    void badValuesNameTheOptionAndTheGrammar() {
        assertThatThrownBy(() -> parse("--timeout", "10"))
                .isInstanceOf(UsageException.class)
                .hasMessage(
                        "Invalid value for option '--timeout': '10' is not a duration: "
                                + Durations.GRAMMAR);
        assertThatThrownBy(() -> parse("--timeout", "-5s"))
                .hasMessageStartingWith("Invalid value for option '--timeout': '-5s'");
        assertThatThrownBy(() -> parse("--buffer", "3GiB"))
                .hasMessage(
                        "Invalid value for option '--buffer': '3GiB' is too large: at most"
                                + " 2147483647 bytes");
        assertThatThrownBy(() -> parse("--budget", "1TiB"))
                .hasMessage(
                        "Invalid value for option '--budget': '1TiB' has an unknown unit: "
                                + Sizes.GRAMMAR);
        assertThatThrownBy(() -> parse("--count", "x"))
                .hasMessageContaining("Invalid value for option '--count': 'x' is not an int");
    }

    @Test
    void aBadEnvironmentValueNamesTheOption() {
        assertThatThrownBy(() -> parse(Map.of("HERALD_SAMPLE_TIMEOUT", "soon")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'--timeout'")
                .hasMessageContaining("'soon' is not a duration");
    }

    @Test
    void aRuleOfTheConfigurationIsAUsageError() {
        assertThatThrownBy(() -> parse("--count", "11"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--count must be at most 10, was 11");
    }

    @Test
    void valuesAreTakenLiterallyNotAsArgumentFiles() {
        assertThat(parse("--name", "@secret-file").name()).isEqualTo("@secret-file");
    }

    @Test
    void helpListsEveryOptionWithItsDefaultAndVariable() {
        assertThat(parseMain("--help")).isEmpty();
        String help = out.toString(StandardCharsets.UTF_8);
        assertThat(help)
                .startsWith("Usage: sample [OPTIONS]\nA sample process.\n")
                .contains(
                        "  --timeout DURATION\n"
                                + "      how long to wait\n"
                                + "      (default 20s; environment HERALD_SAMPLE_TIMEOUT)\n")
                .contains(
                        "  --extra NAME=VALUE\n"
                                + "      an extra setting\n"
                                + "      (default none; environment HERALD_SAMPLE_EXTRA;"
                                + " repeatable)\n")
                .contains("  --fresh\n      start afresh\n      (default off;")
                .contains("  -h, --help\n      print this help and exit\n")
                .contains("Durations: " + Durations.GRAMMAR)
                .contains("Sizes: " + Sizes.GRAMMAR)
                .endsWith("An option may be given once, except those marked repeatable.\n");
        for (String option :
                List.of(
                        "--name",
                        "--timeout",
                        "--buffer",
                        "--budget",
                        "--count",
                        "--fresh",
                        "--extra",
                        "--path")) {
            assertThat(help).contains("  " + option);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aMainsBadInputIsReportedWithWhereHelpIs() {
        assertThatThrownBy(() -> parseMain("--timeout", "soon")).isInstanceOf(UsageException.class);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        "sample: Invalid value for option '--timeout': 'soon' is not a duration: "
                                + Durations.GRAMMAR
                                + "\nrun sample --help for the options\n");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void givenTellsAFlagOrAVariableFromADeclaredDefault() {
        CommandLine cmd =
                Cli.commandLine(
                        new SampleOptions(),
                        SampleOptions.ENV_PREFIX,
                        Map.of("HERALD_SAMPLE_COUNT", "4"));
        Cli.parseArgs(cmd, "--name", "x");
        CommandSpec spec = cmd.getCommandSpec();

        assertThat(Cli.given(spec, "--name")).isTrue();
        assertThat(Cli.given(spec, "--count")).isTrue();
        assertThat(Cli.given(spec, "--timeout")).isFalse();
        assertThatThrownBy(() -> Cli.given(spec, "--nope"))
                .hasMessage("sample has no option --nope");
    }

    @Test
    void helpIsNotAConfiguration() {
        assertThatThrownBy(() -> parse("--help")).isInstanceOf(UsageException.class);
    }

    private java.util.Optional<SampleOptions.Sample> parseMain(String... args) {
        return Cli.parseMain(
                new SampleOptions(),
                SampleOptions.ENV_PREFIX,
                Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                args);
    }
}
