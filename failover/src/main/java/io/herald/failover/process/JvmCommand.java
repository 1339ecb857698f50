package io.herald.failover.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to start one child JVM: the same {@code java} binary as the test JVM, a classpath and main
 * class (or an executable jar), JVM options and program arguments. Immutable.
 *
 * @param name a short name for logs and the log file, e.g. {@code kafka-1}
 * @param classpath the classpath, or empty when {@code jar} is set
 * @param jar an executable jar run with {@code -jar}, or null
 * @param mainClass the main class when {@code jar} is null
 * @param jvmOptions JVM options, placed before the classpath
 * @param arguments program arguments
 * @param workDir the working directory of the child
 */
public record JvmCommand(
        String name,
        String classpath,
        Path jar,
        String mainClass,
        List<String> jvmOptions,
        List<String> arguments,
        Path workDir) {

    public JvmCommand {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(workDir, "workDir");
        if ((jar == null) == (mainClass == null)) {
            throw new IllegalArgumentException("exactly one of jar and mainClass must be set");
        }
        jvmOptions = List.copyOf(jvmOptions);
        arguments = List.copyOf(arguments);
    }

    /** A command that runs {@code mainClass} on {@code classpath}. */
    public static JvmCommand mainClass(
            String name,
            String classpath,
            String mainClass,
            List<String> jvmOptions,
            List<String> arguments,
            Path workDir) {
        return new JvmCommand(name, classpath, null, mainClass, jvmOptions, arguments, workDir);
    }

    /** A command that runs an executable jar. */
    public static JvmCommand jar(
            String name, Path jar, List<String> jvmOptions, List<String> arguments, Path workDir) {
        return new JvmCommand(name, "", jar, null, jvmOptions, arguments, workDir);
    }

    /** The full command line, starting with the test JVM's own {@code java} binary. */
    public List<String> commandLine() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        if (jar != null) {
            command.add("-jar");
            command.add(jar.toString());
        } else {
            command.add("-cp");
            command.add(classpath);
            command.add(mainClass);
        }
        command.addAll(arguments);
        return command;
    }
}
