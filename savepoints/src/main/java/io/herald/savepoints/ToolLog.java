package io.herald.savepoints;

import java.nio.file.Path;

/**
 * Where the tool's log goes. Flink's and Kafka's logging is kept off the terminal
 * (src/main/resources/log4j2.properties writes it to this file), so that a successful run prints
 * only its result, and an error names the file for the details.
 */
final class ToolLog {

    /** The system property naming the log file; log4j2.properties reads it. */
    static final String PROPERTY = "herald.savepoints.log";

    private ToolLog() {}

    /**
     * Sets {@link #PROPERTY} to its default, {@code herald-savepoints-<user>.log} in {@code
     * java.io.tmpdir}, unless it is set. Call before anything logs.
     */
    static void init() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(
                    PROPERTY,
                    Path.of(
                                    System.getProperty("java.io.tmpdir"),
                                    "herald-savepoints-" + System.getProperty("user.name") + ".log")
                            .toString());
        }
    }

    /** {@code " (details in FILE)"} when the log file is set, otherwise nothing. */
    static String hint() {
        String file = System.getProperty(PROPERTY);
        return file == null ? "" : " (details in " + file + ")";
    }
}
