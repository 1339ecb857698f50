package io.herald.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Environment variables as option defaults: option {@code --foo-bar} of a process with prefix
 * {@code HERALD_EDGE} reads {@code HERALD_EDGE_FOO_BAR}. A flag on the command line overrides the
 * variable, which overrides the option's own default. Values are stripped of surrounding white
 * space.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {

    private final String prefix;
    private final Map<String, String> env;

    /**
     * @param prefix the process's prefix, e.g. {@code HERALD_EDGE}
     * @param env the environment ({@code System.getenv()}, or a map in tests)
     */
    public EnvironmentDefaults(String prefix, Map<String, String> env) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.env = Map.copyOf(env);
    }

    /** The variable that {@code option} reads, e.g. {@code HERALD_EDGE_CACHE_TTL}. */
    public String variable(OptionSpec option) {
        String name = option.longestName().replaceFirst("^-+", "");
        return prefix + "_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** True when {@code option} takes its value from the environment (help options never do). */
    public static boolean applies(OptionSpec option) {
        return !option.usageHelp() && !option.versionHelp();
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || !applies(option)) {
            return null;
        }
        String value = env.get(variable(option));
        return value == null || value.isBlank() ? null : value.strip();
    }
}
