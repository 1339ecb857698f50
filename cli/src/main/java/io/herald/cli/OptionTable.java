package io.herald.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The markdown table of a command's options that the docs show (option, environment variable,
 * default, meaning), rendered from the same definitions as {@code --help}. {@link OptionDocs} keeps
 * the docs' copies equal to it.
 */
public final class OptionTable {

    private OptionTable() {}

    /** The table of {@code command}'s options, help options left out; ends with a newline. */
    public static String markdown(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        StringBuilder out =
                new StringBuilder("| option | environment variable | default | meaning |\n");
        out.append("|---|---|---|---|\n");
        for (OptionSpec option : spec.options()) {
            if (option.hidden() || !EnvironmentDefaults.applies(option)) {
                continue;
            }
            OptionFacts facts = OptionFacts.of(spec, option);
            String usage = code(facts.usage()) + (facts.repeatable() ? " (repeatable)" : "");
            out.append("| ")
                    .append(usage)
                    .append(" | ")
                    .append(facts.variable().map(OptionTable::code).orElse(""))
                    .append(" | ")
                    .append(facts.isValue() ? code(facts.defaultValue()) : facts.defaultValue())
                    .append(" | ")
                    .append(cell(facts.description()))
                    .append(" |\n");
        }
        return out.toString();
    }

    private static String code(String text) {
        return "`" + cell(text) + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
