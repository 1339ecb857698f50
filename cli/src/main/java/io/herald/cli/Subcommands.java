package io.herald.cli;

import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * A command-line tool made of subcommands ({@code herald-admin topics}, {@code herald-savepoints
 * inspect}), run one way: {@code --help} at either level prints that level's usage; a usage error
 * names the (sub)command whose arguments were wrong, exit status {@link Cli#EXIT_USAGE}; no
 * subcommand prints the tool's usage, status {@link Cli#EXIT_USAGE}; a subcommand that fails prints
 * one line on stderr, status 1.
 */
public abstract class Subcommands {

    /** Exit status of a subcommand that failed. */
    public static final int EXIT_FAILED = 1;

    /** Runs the subcommand whose options these are; false when they are none of this tool's. */
    protected abstract boolean dispatch(Object options) throws Exception;

    /** What stderr says when a subcommand failed with {@code e}, after {@code "error: "}. */
    protected String describe(Exception e) {
        return String.valueOf(e.getMessage());
    }

    /** Runs one command of {@code tool} (the command line of this tool); returns the status. */
    public final int run(CommandLine tool, PrintStream out, PrintStream err, String... args) {
        CommandLine command = tool;
        try {
            ParseResult parsed = Cli.parseArgs(tool, args);
            if (parsed.subcommand() != null) {
                parsed = parsed.subcommand();
                command = parsed.commandSpec().commandLine();
            }
            if (parsed.isUsageHelpRequested()) {
                out.print(command.getUsageMessage());
                return 0;
            }
            if (!dispatch(parsed.commandSpec().userObject())) {
                err.print(tool.getUsageMessage());
                return Cli.EXIT_USAGE;
            }
            return 0;
        } catch (UsageException e) {
            CommandLine failed =
                    e.getCause() instanceof ParameterException p ? p.getCommandLine() : command;
            Cli.printUsageError(err, failed.getCommandSpec().qualifiedName(), e);
            return Cli.EXIT_USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted");
            return EXIT_FAILED;
        } catch (Exception e) {
            err.println("error: " + describe(e));
            return EXIT_FAILED;
        }
    }
}
