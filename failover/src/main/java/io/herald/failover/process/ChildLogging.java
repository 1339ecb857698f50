package io.herald.failover.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The log4j2 configuration every child JVM gets: INFO to standard output, which the supervisor
 * writes to the child's log file. Written once per run into the scratch folder.
 */
public final class ChildLogging {

    private static final String CONFIG =
            String.join(
                    "\n",
                    "status = warn",
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.out.ref = out",
                    "appender.out.type = Console",
                    "appender.out.name = out",
                    "appender.out.layout.type = PatternLayout",
                    "appender.out.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1} [%t] %m%n",
                    // Kafka's request logging and Flink's per-checkpoint chatter drown the rest.
                    "logger.kafkaRequest.name = kafka.request.logger",
                    "logger.kafkaRequest.level = WARN",
                    "logger.checkpoint.name = org.apache.flink.runtime.checkpoint",
                    "logger.checkpoint.level = WARN",
                    "");

    private final Path file;

    private ChildLogging(Path file) {
        this.file = file;
    }

    /** Writes the configuration into {@code dir}. */
    public static ChildLogging writeTo(Path dir) {
        Path file = dir.resolve("log4j2-child.properties");
        try {
            Files.writeString(file, CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ChildLogging(file);
    }

    /** The JVM options that point log4j2 (and Flink's {@code log.file}) at it. */
    public List<String> jvmOptions(Path logFile) {
        return List.of(
                "-Dlog4j2.configurationFile=" + file.toUri(),
                "-Dlog4j.configurationFile=" + file.toUri(),
                "-Dlog.file=" + logFile);
    }
}
