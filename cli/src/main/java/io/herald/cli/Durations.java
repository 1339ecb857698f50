package io.herald.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one duration grammar of every Herald option: a non-negative integer followed, with no space,
 * by a unit: {@code ms}, {@code s}, {@code m} or {@code min}, {@code h}, {@code d}. Examples:
 * {@code 500ms}, {@code 20s}, {@code 3min}, {@code 1h}. Every {@link Duration} option of a {@link
 * Cli} command is read this way; whether zero is allowed is the option's own rule.
 */
public final class Durations {

    /** The grammar, as error messages and {@code --help} state it. */
    public static final String GRAMMAR =
            "an integer and a unit ms, s, m (or min), h or d, e.g. 500ms, 3min";

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|min|m|h|d)");

    private Durations() {}

    /** Parses {@code text}; throws IllegalArgumentException saying what is wrong. */
    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: " + GRAMMAR);
        }
        try {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m", "min" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration", e);
        }
    }

    /** The picocli converter that {@link Cli} registers for every {@link Duration} option. */
    static final class Converter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
