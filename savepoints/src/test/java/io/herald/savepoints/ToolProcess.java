package io.herald.savepoints;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the savepoint tool as its users do: {@code bin/herald-savepoints.sh} on the packaged jar
 * (Failsafe runs after {@code package}), in a JVM of its own with the jar's own log configuration,
 * on this test's JDK. Its log file goes to {@code logFile}.
 */
final class ToolProcess {

    /** What one run printed, and its exit status. */
    record Result(int status, String stdout, String stderr) {}

    private static final long TIMEOUT_SECONDS = 180;

    private ToolProcess() {}

    static Result run(Path workDir, Path logFile, String... args)
            throws IOException, InterruptedException {
        Path module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        List<String> command = new ArrayList<>();
        command.add(module.resolve("bin/herald-savepoints.sh").toString());
        command.addAll(List.of(args));
        Path stdout = workDir.resolve("stdout.txt");
        Path stderr = workDir.resolve("stderr.txt");
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        env.put(
                "PATH",
                Path.of(System.getProperty("java.home"), "bin")
                        + ":"
                        + env.getOrDefault("PATH", ""));
        env.put(
                "HERALD_SAVEPOINTS_JAVA_OPTS",
                "-Xmx1g -D" + ToolLog.PROPERTY + "=" + logFile.toAbsolutePath());
        Process process = builder.start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError(
                        "herald-savepoints "
                                + String.join(" ", args)
                                + " still runs after "
                                + TIMEOUT_SECONDS
                                + " s");
            }
        } finally {
            process.destroyForcibly();
            process.waitFor();
        }
        return new Result(
                process.exitValue(),
                Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
