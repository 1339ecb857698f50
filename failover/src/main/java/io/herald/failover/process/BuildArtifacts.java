package io.herald.failover.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the build prepared for the child JVMs, in the folder named by the system property {@code
 * herald.failover.dir} (Failsafe sets it to {@code failover/target/failover}): {@code
 * cluster.classpath} (Kafka and Flink's runtime) and {@code edge.classpath} (the edge and its
 * dependencies), both from {@code dependency:build-classpath}, and the sequencer's shaded job jar
 * {@code herald-job.jar} (copied from the reactor or the local repository by {@code
 * dependency:copy}).
 */
public record BuildArtifacts(String clusterClasspath, String edgeClasspath, Path jobJar) {

    public static final String DIR_PROPERTY = "herald.failover.dir";

    /** Reads the folder named by {@value #DIR_PROPERTY}; fails with what is missing. */
    public static BuildArtifacts fromBuild() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir == null) {
            throw new IllegalStateException(
                    "system property "
                            + DIR_PROPERTY
                            + " is not set: run through Maven (./mvnw -pl failover verify)");
        }
        Path root = Path.of(dir);
        return new BuildArtifacts(
                read(root.resolve("cluster.classpath")),
                read(root.resolve("edge.classpath")),
                existing(root.resolve("herald-job.jar")));
    }

    private static String read(Path file) {
        try {
            return Files.readString(existing(file)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path existing(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(
                    file + " is missing: the failover module's build writes it before the tests");
        }
        return file;
    }
}
