package io.herald.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The option list of {@code --help}: each option as typed, then its meaning, then its default and
 * environment variable, from the same {@link OptionFacts} as the docs' tables.
 */
final class OptionHelp implements IHelpSectionRenderer {

    private static final int WIDTH = 80;
    private static final String INDENT = "      ";

    @Override
    public String render(Help help) {
        CommandSpec command = help.commandSpec();
        StringBuilder out = new StringBuilder();
        for (OptionSpec option : command.options()) {
            if (option.hidden()) {
                continue;
            }
            OptionFacts facts = OptionFacts.of(command, option);
            out.append("  ").append(facts.usage()).append('\n');
            wrap(out, facts.description().replace("`", ""));
            List<String> details = new ArrayList<>();
            if (option.required()) {
                details.add("required");
            } else if (!facts.defaultValue().isEmpty()) {
                details.add("default " + facts.defaultValue());
            }
            facts.variable().ifPresent(v -> details.add("environment " + v));
            if (facts.repeatable()) {
                details.add("repeatable");
            }
            if (!details.isEmpty()) {
                wrap(out, "(" + String.join("; ", details) + ")");
            }
        }
        return out.toString();
    }

    private static void wrap(StringBuilder out, String text) {
        StringBuilder line = new StringBuilder(INDENT);
        for (String word : text.split("\\s+")) {
            if (line.length() > INDENT.length() && line.length() + 1 + word.length() > WIDTH) {
                out.append(line).append('\n');
                line.setLength(0);
                line.append(INDENT);
            } else if (line.length() > INDENT.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        out.append(line).append('\n');
    }
}
