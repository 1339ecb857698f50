package io.herald.savepoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.cli.Cli;
import io.herald.cli.OptionDocs;
import io.herald.cli.UsageException;
import io.herald.job.SequencerConfig;
import io.herald.job.SequencerJob;
import io.herald.kafka.KafkaClientFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OptionsTest {

    private static HeraldSavepoints tool(Map<String, String> env) {
        PrintStream discard = new PrintStream(new ByteArrayOutputStream(), true);
        return new HeraldSavepoints(discard, discard, env);
    }

    private static InspectConfig inspect(String... args) {
        return parse(Map.of(), "inspect", InspectOptions.class, args);
    }

    private static RebuildConfig rebuild(Map<String, String> env, String... args) {
        return parse(env, "rebuild", RebuildOptions.class, args);
    }

    private static <T> T parse(
            Map<String, String> env,
            String command,
            Class<? extends io.herald.cli.ConfigOptions<T>> type,
            String... args) {
        CommandLine tool = tool(env).commandLine();
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine.ParseResult parsed = Cli.parseArgs(tool, all).subcommand();
        return Cli.build(type.cast(parsed.commandSpec().userObject()));
    }

    @Test
    void inspectDefaultsToAllSubjectsAsATable() {
        assertThat(inspect("--path", "file:///var/herald/sp-1"))
                .isEqualTo(new InspectConfig("file:///var/herald/sp-1", OutputFormat.TABLE, ""));
    }

    @Test
    void inspectTakesFormatAndPrefixInBothSpellings() {
        assertThat(inspect("--path=/var/herald/sp", "--format", "JSON", "--subject-prefix=/chat/"))
                .isEqualTo(new InspectConfig("/var/herald/sp", OutputFormat.JSON, "/chat/"));
    }

    @Test
    void inspectRejectsAMissingPathAnUnknownFormatAndUnknownOptions() {
        assertThatThrownBy(() -> inspect())
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("Missing required option: '--path=PATH'");
        assertThatThrownBy(() -> inspect("--path", "p", "--format", "xml"))
                .hasMessageContaining("Invalid value for option '--format'")
                .hasMessageContaining("xml");
        assertThatThrownBy(() -> inspect("--path", "p", "--limit", "3"))
                .hasMessageContaining("'--limit'");
        assertThatThrownBy(() -> inspect("--path")).hasMessageContaining("'--path'");
        assertThatThrownBy(() -> inspect("--path", "a", "p")).hasMessageContaining("'p'");
        assertThatThrownBy(() -> inspect("--path", "a", "--path", "b"))
                .hasMessageContaining("'--path'")
                .hasMessageContaining("only once");
    }

    @Test
    void rebuildDefaultsAreTheJobs() {
        SequencerConfig job = SequencerConfig.defaults();
        assertThat(rebuild(Map.of(), "--output", "file:///var/herald/rebuilt"))
                .isEqualTo(
                        new RebuildConfig(
                                job.bootstrapServers(),
                                KafkaClientFile.none(),
                                job.sequencedTopic(),
                                job.deadLetterTopic(),
                                job.groupId(),
                                true,
                                "file:///var/herald/rebuilt",
                                SequencerJob.MAX_PARALLELISM,
                                job.dedupWindow(),
                                Duration.ofMinutes(2)));
    }

    @Test
    void rebuildTakesEveryOption() {
        RebuildConfig o =
                rebuild(
                        Map.of(),
                        "--bootstrap-servers",
                        "k1:9092,k2:9092",
                        "--sequenced-topic",
                        "seq",
                        "--dead-letter-topic",
                        "dl",
                        "--group-id",
                        "g",
                        "--commit-source-offsets",
                        "false",
                        "--output",
                        "/var/herald/x",
                        "--max-parallelism",
                        "256",
                        "--dedup-window",
                        "90s",
                        "--read-timeout",
                        "5s");
        assertThat(o)
                .isEqualTo(
                        new RebuildConfig(
                                "k1:9092,k2:9092",
                                KafkaClientFile.none(),
                                "seq",
                                "dl",
                                "g",
                                false,
                                "/var/herald/x",
                                256,
                                Duration.ofSeconds(90),
                                Duration.ofSeconds(5)));
    }

    @Test
    void rebuildReadsItsOptionsFromTheEnvironmentUnderFlags() {
        RebuildConfig o =
                rebuild(
                        Map.of(
                                "HERALD_SAVEPOINTS_BOOTSTRAP_SERVERS", "kafka:9092",
                                "HERALD_SAVEPOINTS_READ_TIMEOUT", "1h",
                                "HERALD_SAVEPOINTS_GROUP_ID", "env-group"),
                        "--output",
                        "o",
                        "--group-id",
                        "flag-group");
        assertThat(o.bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(o.readTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(o.groupId()).isEqualTo("flag-group");
    }

    @Test
    void aRequiredOptionMayComeFromTheEnvironment() {
        assertThat(rebuild(Map.of("HERALD_SAVEPOINTS_OUTPUT", "file:///var/herald/o")).output())
                .isEqualTo("file:///var/herald/o");
    }

    @Test
    void rebuildRejectsBadNumbersAndAMissingOutput() {
        assertThatThrownBy(() -> rebuild(Map.of()))
                .hasMessageContaining("Missing required option: '--output=PATH'");
        assertThatThrownBy(() -> rebuild(Map.of(), "--output", "o", "--max-parallelism", "0"))
                .hasMessage("--max-parallelism must be 1..32768, was 0");
        assertThatThrownBy(() -> rebuild(Map.of(), "--output", "o", "--max-parallelism", "many"))
                .hasMessageContaining("Invalid value for option '--max-parallelism'");
        assertThatThrownBy(() -> rebuild(Map.of(), "--output", "o", "--format", "x"))
                .hasMessageContaining("'--format'");
        assertThatThrownBy(
                        () -> rebuild(Map.of(), "--output", "o", "--commit-source-offsets", "yes"))
                .hasMessageContaining("Invalid value for option '--commit-source-offsets'");
        assertThatThrownBy(() -> rebuild(Map.of(), "--output", "o", "--read-timeout", "120"))
                .hasMessageContaining("'--read-timeout'")
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> rebuild(Map.of(), "--output", "o", "--read-timeout", "0s"))
                .hasMessage("--read-timeout must be positive");
        assertThatThrownBy(() -> rebuild(Map.of(), "--output", "o", "--dedup-window=-1s"))
                .hasMessageContaining("'--dedup-window'")
                .hasMessageContaining("not a duration");
    }

    @Test
    void theDocsTablesAndHelpShowEveryOptionAsDefined() {
        CommandLine tool = tool(Map.of()).commandLine();
        OptionDocs.check("savepoints inspect", tool.getSubcommands().get("inspect"));
        OptionDocs.check("savepoints rebuild", tool.getSubcommands().get("rebuild"));
    }
}
