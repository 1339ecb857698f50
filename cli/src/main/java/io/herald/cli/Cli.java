package io.herald.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line of every Herald process, set up one way:
 *
 * <ul>
 *   <li>{@code --name value} or {@code --name=value}; no positional arguments unless a command
 *       declares them; an unknown option is an error.
 *   <li>An option given twice is an error, unless its field is a list (a repeatable option, whose
 *       values accumulate).
 *   <li>Each option {@code --foo-bar} defaults to the environment variable {@code <PREFIX>_FOO_BAR}
 *       ({@link EnvironmentDefaults}), then to its declared default.
 *   <li>Durations follow {@link Durations}, sizes {@link Sizes}.
 *   <li>{@code -h}/{@code --help} prints every option with its default and environment variable.
 * </ul>
 */
public final class Cli {

    /** Exit status of a process whose command line was wrong. */
    public static final int EXIT_USAGE = 2;

    private Cli() {}

    /**
     * The picocli command line of {@code options} (a {@code @Command} object, with its
     * subcommands), reading defaults from {@code env}.
     */
    public static CommandLine commandLine(
            Object options, String envPrefix, Map<String, String> env) {
        CommandLine cmd = new CommandLine(options);
        addHelp(cmd);
        cmd.setOverwrittenOptionsAllowed(false)
                .setUnmatchedArgumentsAllowed(false)
                .setAbbreviatedOptionsAllowed(false)
                .setExpandAtFiles(false)
                .setToggleBooleanFlags(false)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setDefaultValueProvider(new EnvironmentDefaults(envPrefix, env))
                .registerConverter(Duration.class, new Durations.Converter());
        return cmd;
    }

    /**
     * Parses {@code args} into {@code options} and builds its configuration: for code that
     * configures a process from flags (tests, the local stack). Throws {@link UsageException}
     * naming the option.
     */
    public static <T> T parse(
            ConfigOptions<T> options, String envPrefix, Map<String, String> env, String... args) {
        CommandLine cmd = commandLine(options, envPrefix, env);
        parseArgs(cmd, args);
        if (cmd.isUsageHelpRequested()) {
            throw new UsageException("--help asks for the usage, not for a configuration");
        }
        return build(options);
    }

    /**
     * Parses a process's {@code main} arguments into its configuration. For {@code --help}, prints
     * the usage to {@code out} and returns empty. For bad input, prints the reason and where help
     * is to {@code err}, then throws the {@link UsageException} (the caller exits with {@link
     * #EXIT_USAGE}, or fails otherwise).
     */
    public static <T> Optional<T> parseMain(
            ConfigOptions<T> options,
            String envPrefix,
            Map<String, String> env,
            PrintStream out,
            PrintStream err,
            String... args) {
        CommandLine cmd = commandLine(options, envPrefix, env);
        try {
            parseArgs(cmd, args);
            if (cmd.isUsageHelpRequested()) {
                out.print(cmd.getUsageMessage());
                return Optional.empty();
            }
            return Optional.of(build(options));
        } catch (UsageException e) {
            printUsageError(err, cmd.getCommandName(), e);
            throw e;
        }
    }

    /**
     * {@link #parseMain} for a standalone process's {@code main}: reads {@code System.getenv()},
     * prints to {@code System.out} and {@code System.err}, and after a usage error exits the JVM
     * with {@link #EXIT_USAGE}.
     */
    public static <T> Optional<T> parseMainOrExit(
            ConfigOptions<T> options, String envPrefix, String... args) {
        try {
            return parseMain(options, envPrefix, System.getenv(), System.out, System.err, args);
        } catch (UsageException e) { // parseMain printed the reason
            System.exit(EXIT_USAGE);
            throw e;
        }
    }

    /** Parses {@code args}; a picocli error becomes a {@link UsageException}. */
    public static CommandLine.ParseResult parseArgs(CommandLine cmd, String... args) {
        try {
            return cmd.parseArgs(args);
        } catch (UnmatchedArgumentException e) {
            List<String> near = e.getSuggestions();
            throw new UsageException(
                    e.getMessage()
                            + (near.isEmpty()
                                    ? ""
                                    : " (did you mean " + String.join(", ", near) + "?)"),
                    e);
        } catch (ParameterException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** {@code options.toConfig()}, its IllegalArgumentException as a {@link UsageException}. */
    public static <T> T build(ConfigOptions<T> options) {
        try {
            return options.toConfig();
        } catch (UsageException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /**
     * Whether option {@code name} of a parsed command was given, on the command line or in the
     * environment, rather than left to its declared default: for an option whose default depends on
     * another option.
     */
    public static boolean given(CommandSpec spec, String name) {
        OptionSpec option = spec.findOption(name);
        if (option == null) {
            throw new IllegalArgumentException(spec.name() + " has no option " + name);
        }
        return spec.commandLine().getParseResult().hasMatchedOption(option)
                || (spec.defaultValueProvider() instanceof EnvironmentDefaults env
                        && env.defaultValue(option) != null);
    }

    /** Prints a usage error the way every process does: the reason, then where help is. */
    public static void printUsageError(PrintStream err, String command, UsageException e) {
        err.println(command + ": " + e.getMessage());
        err.println("run " + command + " --help for the options");
    }

    /** The grammar of the kinds of values the command's options take, after its option list. */
    private static List<String> footer(CommandSpec spec) {
        List<String> lines = new ArrayList<>(List.of(""));
        if (spec.options().stream().anyMatch(o -> o.type() == Duration.class)) {
            lines.add("Durations: " + Durations.GRAMMAR + ".");
        }
        if (spec.options().stream()
                .flatMap(o -> Arrays.stream(o.converters()))
                .anyMatch(c -> c instanceof Sizes.Bytes || c instanceof Sizes.IntBytes)) {
            lines.add("Sizes: " + Sizes.GRAMMAR + ".");
        }
        if (spec.options().stream().anyMatch(OptionSpec::isMultiValue)) {
            lines.add("An option may be given once, except those marked repeatable.");
        } else {
            lines.add("An option may be given once.");
        }
        return lines;
    }

    private static void addHelp(CommandLine cmd) {
        CommandSpec spec = cmd.getCommandSpec();
        spec.addOption(
                OptionSpec.builder("-h", "--help")
                        .usageHelp(true)
                        .description("print this help and exit")
                        .build());
        UsageMessageSpec usage = spec.usageMessage();
        usage.abbreviateSynopsis(true).sortOptions(false);
        usage.optionListHeading(
                "%nOptions (flags override environment variables, which override defaults):%n");
        usage.footer(footer(spec).toArray(String[]::new));
        usage.sectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, new OptionHelp());
        cmd.getSubcommands().values().forEach(Cli::addHelp);
    }
}
