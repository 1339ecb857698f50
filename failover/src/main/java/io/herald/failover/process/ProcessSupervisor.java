package io.herald.failover.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every child JVM of a test run and its folders: a scratch folder (data, checkpoints, Flink's
 * {@code io.tmp.dirs}) deleted on close, and a log folder that is kept for inspection. Children are
 * killed on {@link #close()} and, should the test JVM exit without closing (a crash, Ctrl-C), by a
 * shutdown hook, so no broker or TaskManager outlives the test.
 */
public final class ProcessSupervisor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessSupervisor.class);

    private final Path scratchDir;
    private final Path logDir;
    private final List<ChildProcess> children = new ArrayList<>();
    private final AtomicInteger incarnations = new AtomicInteger();
    private final Thread shutdownHook;
    private boolean closed;

    /**
     * @param scratchDir created here, deleted on close
     * @param logDir where each child's output goes, one file per start, kept after the run (the
     *     logs of an earlier run there are deleted)
     */
    public ProcessSupervisor(Path scratchDir, Path logDir) {
        this.scratchDir = scratchDir;
        this.logDir = logDir;
        try {
            Files.createDirectories(scratchDir);
            Files.createDirectories(logDir);
            deleteLogsOfAnEarlierRun(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.shutdownHook = new Thread(this::killAll, "failover-children-reaper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private static void deleteLogsOfAnEarlierRun(Path logDir) throws IOException {
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(logDir, "*.log")) {
            for (Path log : logs) {
                Files.delete(log);
            }
        }
    }

    /** A folder under the scratch folder, created if needed. */
    public Path scratch(String relative) {
        Path dir = scratchDir.resolve(relative);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    public Path logDir() {
        return logDir;
    }

    /** Starts a child; its output goes to {@code <logDir>/<NN>-<name>.log}. */
    public synchronized ChildProcess start(JvmCommand command) {
        if (closed) {
            throw new IllegalStateException("supervisor is closed");
        }
        String file = String.format("%02d-%s.log", incarnations.incrementAndGet(), command.name());
        ChildProcess child = ChildProcess.start(command, logDir.resolve(file));
        children.add(child);
        return child;
    }

    /**
     * Runs a short-lived child (a tool such as Kafka's storage formatter) to completion and returns
     * its output; throws if it fails or outlives {@code timeout}.
     */
    public String runToCompletion(JvmCommand command, Duration timeout) {
        ChildProcess child = start(command);
        if (!child.awaitExit(timeout)) {
            child.kill();
            throw new IllegalStateException(command.name() + " did not finish in " + timeout);
        }
        int exit = child.exitValue();
        if (exit != 0) {
            throw new IllegalStateException(
                    command.name() + " exited with " + exit + ":\n" + child.logTail(40));
        }
        try {
            return Files.readString(child.logFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void killAll() {
        for (ChildProcess child : children) {
            child.kill();
        }
    }

    /**
     * Stops every child still running (SIGKILL: the test is over) and deletes the scratch folder.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            LOG.debug("JVM already shutting down; the hook runs anyway");
        }
        deleteRecursively(scratchDir);
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(
                    root,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                                throws IOException {
                            Files.delete(file);
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult postVisitDirectory(Path dir, IOException e)
                                throws IOException {
                            Files.delete(dir);
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            LOG.warn("could not delete scratch dir={} error={}", root, e.toString());
        }
    }
}
