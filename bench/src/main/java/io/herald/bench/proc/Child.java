package io.herald.bench.proc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One child process of a benchmark: its output lines are copied to a log file and queued for {@link
 * #awaitLine}, its standard input is a pipe for commands ({@link #send}). Closing it sends SIGTERM,
 * then SIGKILL after a grace period.
 */
public final class Child implements AutoCloseable {
    private final String name;
    private final Process process;
    private final PrintWriter stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path log;
    private volatile boolean outputEnded;

    private Child(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stdin =
                new PrintWriter(
                        new java.io.OutputStreamWriter(
                                process.getOutputStream(), StandardCharsets.UTF_8),
                        true);
        Thread pump = new Thread(() -> pump(log), name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code command} with standard error merged into its output, logged to {@code log}. */
    public static Child start(String name, List<String> command, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "# " + String.join(" ", command) + "\n");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            return new Child(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    private void pump(Path log) {
        try (BufferedReader in =
                        new BufferedReader(
                                new InputStreamReader(
                                        process.getInputStream(), StandardCharsets.UTF_8));
                OutputStream out = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            lines.add("# output closed: " + e);
        } finally {
            outputEnded = true;
        }
    }

    public long pid() {
        return process.pid();
    }

    /** This process and its descendants (nginx's workers), for CPU and memory. */
    public List<Long> pids() {
        List<Long> pids = new java.util.ArrayList<>(List.of(process.pid()));
        process.descendants().forEach(h -> pids.add(h.pid()));
        return pids;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Writes one command line to the child's standard input. */
    public void send(String line) {
        stdin.println(line);
    }

    /**
     * The first output line that {@code matches}, skipping the others; fails after {@code timeout},
     * or as soon as the process has ended without printing it.
     */
    public String awaitLine(Predicate<String> matches, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null) {
                    if (matches.test(line)) {
                        return line;
                    }
                } else if (outputEnded && lines.isEmpty()) {
                    throw new IllegalStateException(
                            name
                                    + " ended ("
                                    + exit()
                                    + ") without the expected output: see "
                                    + log);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(
                            name + ": no expected output after " + timeout + ": see " + log);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted", e);
        }
    }

    private String exit() throws InterruptedException {
        return process.waitFor(5, TimeUnit.SECONDS)
                ? "exit code " + process.exitValue()
                : "its output closed, still running";
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return name + "(pid " + process.pid() + ")";
    }
}
