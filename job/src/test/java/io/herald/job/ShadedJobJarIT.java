package io.herald.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.testing.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.ProgramInvocationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shaded job jar as Flink runs it ({@code flink run}, or a REST {@code /jars/:id/run}): its
 * main class is called through Flink's {@link PackagedProgram}, in the jar's own class loader, so
 * these tests see what a user sees, including whether the command line's library is in the jar.
 */
class ShadedJobJarIT {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream systemOut;
    private PrintStream systemErr;

    @BeforeEach
    void captureOutput() {
        systemOut = System.out;
        systemErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOutput() {
        System.setOut(systemOut);
        System.setErr(systemErr);
    }

    @Test
    void theJarCarriesTheCommandLineLibrary() throws Exception {
        try (JarFile jar = new JarFile(shadedJar())) {
            assertThat(jar.getEntry("picocli/CommandLine.class")).isNotNull();
            assertThat(jar.getEntry("io/herald/cli/Cli.class")).isNotNull();
        }
    }

    @Test
    void helpPrintsEveryOptionAndSubmitsNothing() throws Exception {
        run("--help");

        String help = out.toString(StandardCharsets.UTF_8);
        assertThat(help).startsWith("Usage: herald-job [OPTIONS]");
        for (String option :
                new String[] {
                    "--bootstrap-servers", "--source-topics", "--source-topic-pattern",
                    "--sequenced-topic", "--dead-letter-topic", "--group-id",
                    "--transactional-id-prefix", "--delivery", "--checkpoint-interval",
                    "--checkpoint-dir", "--parallelism", "--transaction-timeout"
                }) {
            assertThat(help).contains("  " + option + " ");
        }
        assertThat(help).contains("environment HERALD_JOB_CHECKPOINT_INTERVAL");
    }

    @Test
    void aBadFlagFailsTheSubmissionWithTheReason() {
        assertThatThrownBy(() -> run("--checkpoint-interval", "3 minutes"))
                .isInstanceOf(ProgramInvocationException.class)
                .hasMessageContaining(
                        "Invalid value for option '--checkpoint-interval': '3 minutes' is not a"
                                + " duration");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("herald-job: Invalid value for option '--checkpoint-interval'");
    }

    @Test
    void aMissingTopicFailsTheSubmissionNamingIt() {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("present", 1);
            kafka.createTopic("present.sequenced", 1);

            assertThatThrownBy(
                            () ->
                                    run(
                                            "--bootstrap-servers", kafka.bootstrapServers(),
                                            "--source-topics", "present,absent",
                                            "--sequenced-topic", "present.sequenced",
                                            "--dead-letter-topic", "absent.dead-letter"))
                    .isInstanceOf(ProgramInvocationException.class)
                    .hasMessageContaining(
                            "topics absent, absent.dead-letter do not exist on "
                                    + kafka.bootstrapServers());
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .startsWith("herald-job: topics absent, absent.dead-letter do not exist")
                    .contains("herald-admin topics");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRepeatedFlagFailsTheSubmission() {
        assertThatThrownBy(() -> run("--group-id", "a", "--group-id", "b"))
                .isInstanceOf(ProgramInvocationException.class)
                .hasMessageContaining("'--group-id'")
                .hasMessageContaining("only once");
    }

    /**
     * Runs the jar's main as {@code flink run} does: with the program's class loader as the
     * thread's context class loader, which Kafka's clients load their plugins through.
     */
    private static void run(String... args) throws ProgramInvocationException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (PackagedProgram program =
                PackagedProgram.newBuilder().setJarFile(shadedJar()).setArguments(args).build()) {
            thread.setContextClassLoader(program.getUserCodeClassLoader());
            program.invokeInteractiveModeForExecution();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** target/herald-job-VERSION-shaded.jar, built by the package phase before the ITs. */
    private static File shadedJar() {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-shaded.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no shaded jar in target/"))
                    .toFile();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
