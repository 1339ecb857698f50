package io.herald.bench.proc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Command lines for child JVMs: the coordinator's own {@code java} and classpath (bench/run puts
 * the module's classes and {@code target/bench.classpath} on it), plus the JDK 17 {@code
 * --add-opens} flags Flink needs, as the build defines them.
 */
public final class Jvm {
    private Jvm() {}

    /** {@code java <jvmOptions> -cp <this classpath> <mainClass> <args>}. */
    public static List<String> command(
            List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** The {@code --add-opens} flags of the build's {@code herald.jvm.opens} property. */
    public static List<String> opens() {
        Properties p = new Properties();
        try (InputStream in = Jvm.class.getResourceAsStream("/io/herald/bench/bench.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.asList(p.getProperty("jvm.opens").trim().split("\\s+"));
    }

    /**
     * The words of environment variable {@code name} (flags, options), split at blanks; none when
     * unset.
     */
    public static List<String> fromEnv(String name) {
        String flags = System.getenv(name);
        return flags == null || flags.isBlank() ? List.of() : List.of(flags.trim().split("\\s+"));
    }

    /** Runs the JDK's {@code jcmd <pid> GC.run}: a full GC in that JVM. */
    public static void gc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
    }

    /** Runs the JDK's {@code jcmd <pid> <command>} and returns its output; fails if jcmd does. */
    public static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p =
                new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }
}
