package io.herald.edge.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cli.Cli;
import io.herald.edge.EdgeOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The runnable jar as users start it ({@code java -jar}): {@code --help} and bad flags answer from
 * the jar's own classes (picocli shaded in), with the exit statuses the docs promise.
 */
class EdgeJarIT {

    @TempDir Path dir;

    private record Run(int status, String out, String err) {}

    @Test
    void helpListsEveryOptionAndExitsZero() throws Exception {
        Run run = run(Map.of(), "--help");

        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith("Usage: herald-edge [OPTIONS]");
        for (OptionSpec option :
                Cli.commandLine(new EdgeOptions(), EdgeOptions.ENV_PREFIX, Map.of())
                        .getCommandSpec()
                        .options()) {
            assertThat(run.out()).contains(option.longestName());
        }
        assertThat(run.out()).contains("environment HERALD_EDGE_CACHE_TTL");
    }

    @Test
    void aBadValueExitsTwoNamingTheOption() throws Exception {
        Run run = run(Map.of(), "--cache-ttl", "3 minutes");

        assertThat(run.status()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(run.err())
                .startsWith(
                        "herald-edge: Invalid value for option '--cache-ttl': '3 minutes' is not a"
                                + " duration")
                .contains("run herald-edge --help for the options");
    }

    @Test
    void aBadEnvironmentVariableExitsTwoNamingTheOption() throws Exception {
        Run run = run(Map.of("HERALD_EDGE_MAX_FRAME_BYTES", "64XB"));

        assertThat(run.status()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(run.err()).contains("'--max-frame-bytes'").contains("unknown unit");
    }

    @Test
    void aRepeatedOptionExitsTwo() throws Exception {
        Run run = run(Map.of(), "--port", "0", "--port", "0");

        assertThat(run.status()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(run.err()).contains("'--port'").contains("only once");
    }

    private Run run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(runnableJar().toString());
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("HERALD_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the jar exited").isTrue();
            return new Run(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    /** target/herald-websocket-edge-VERSION.jar, the shaded one (the library jar ends in -lib). */
    private static Path runnableJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(
                            p -> {
                                String name = p.getFileName().toString();
                                return name.startsWith("herald-websocket-edge-")
                                        && name.endsWith(".jar")
                                        && !name.endsWith("-lib.jar");
                            })
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no runnable jar in target/"));
        }
    }
}
