package io.herald.cli;

/**
 * A process's options: a picocli {@code @Command} class whose {@code @Option} fields are the only
 * definition of each option (name, type, default, description; its environment variable follows
 * from the name), and which builds the immutable configuration the rest of the process receives.
 *
 * @param <T> the configuration record
 */
public interface ConfigOptions<T> {

    /**
     * Builds the configuration from the parsed fields. Throws IllegalArgumentException, naming the
     * option, for values that are wrong together or that a field's type cannot check alone.
     */
    T toConfig();
}
