package io.herald.cli;

import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What {@code --help} and the docs' tables say about one option, read from its picocli definition:
 * how it is written, its environment variable, its default and its meaning.
 *
 * @param usage the option as typed, e.g. {@code --cache-ttl DURATION} or {@code --fresh}
 * @param variable its environment variable, empty for {@code --help}
 * @param defaultValue its default as typed (e.g. {@code 180s}), or a word when it has none: {@code
 *     required}, {@code off} (a flag), {@code none} (a repeatable option), {@code unset}
 * @param isValue whether {@code defaultValue} is a value one could type (not one of those words)
 * @param repeatable whether the option may be given more than once
 * @param description its meaning, one paragraph (may hold {@code `code`} spans)
 */
record OptionFacts(
        String usage,
        Optional<String> variable,
        String defaultValue,
        boolean isValue,
        boolean repeatable,
        String description) {

    static OptionFacts of(CommandSpec command, OptionSpec option) {
        boolean flag = option.arity().max() == 0;
        String usage =
                flag
                        ? String.join(", ", option.names())
                        : option.longestName() + " " + option.paramLabel();
        Optional<String> variable =
                command.defaultValueProvider() instanceof EnvironmentDefaults env
                                && EnvironmentDefaults.applies(option)
                        ? Optional.of(env.variable(option))
                        : Optional.empty();
        String value = option.defaultValue();
        String shown;
        if (value != null) {
            shown = value;
        } else if (option.required()) {
            shown = "required";
        } else if (option.usageHelp() || option.versionHelp()) {
            shown = "";
        } else if (flag) {
            shown = "off";
        } else if (option.isMultiValue()) {
            shown = "none";
        } else {
            shown = "unset";
        }
        return new OptionFacts(
                usage,
                variable,
                shown,
                value != null,
                option.isMultiValue(),
                String.join(" ", option.description()).strip());
    }
}
