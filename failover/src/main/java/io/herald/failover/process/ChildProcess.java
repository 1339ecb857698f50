package io.herald.failover.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running child JVM whose standard output and error go to a log file. {@link #kill()} is a
 * {@code kill -9} (SIGKILL: no shutdown hook runs, nothing is flushed); {@link #stop(Duration)} is
 * a {@code kill} (SIGTERM, the process's own clean shutdown) that falls back to SIGKILL after the
 * grace period.
 */
public final class ChildProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /** Starts {@code command}, appending its output to {@code logFile}. */
    static ChildProcess start(JvmCommand command, Path logFile) {
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(command.workDir());
            Files.writeString(
                    logFile,
                    "# " + String.join(" ", command.commandLine()) + System.lineSeparator(),
                    StandardCharsets.UTF_8);
            ProcessBuilder builder =
                    new ProcessBuilder(command.commandLine())
                            .directory(command.workDir().toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process process = builder.start();
            LOG.info("started process={} pid={} log={}", command.name(), process.pid(), logFile);
            return new ChildProcess(command.name(), process, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command.name(), e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    /** The exit code; only valid once the process has exited. */
    public int exitValue() {
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** SIGKILL, as {@code kill -9}; returns once the process is gone. */
    public void kill() {
        if (!process.isAlive()) {
            return;
        }
        LOG.info("kill -9 process={} pid={}", name, process.pid());
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM; SIGKILL if the process has not exited after {@code grace}. */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        LOG.info("stopping process={} pid={}", name, process.pid());
        process.destroy();
        if (!awaitExit(grace)) {
            LOG.warn("process={} did not stop within {}, killing it", name, grace);
            kill();
        }
    }

    /** Waits up to {@code timeout} for the process to exit; true if it has. */
    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** The last {@code n} lines of the log, for failure messages. */
    public String logTail(int n) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.ISO_8859_1);
            return String.join(
                    System.lineSeparator(),
                    lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public String toString() {
        return name + "(pid " + process.pid() + (process.isAlive() ? ")" : ", exited)");
    }
}
