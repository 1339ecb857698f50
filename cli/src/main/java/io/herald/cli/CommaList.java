package io.herald.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The one grammar of a list option such as {@code --source-topics a,b}: entries separated by
 * commas, each stripped of white space; an empty value is the empty list, an empty entry is an
 * error. A list option is a {@code String} field parsed with this, so that it stays single-valued
 * (given twice is an error, as for every option that is not repeatable).
 */
public final class CommaList {

    private CommaList() {}

    /**
     * Splits {@code value} of {@code option}; throws IllegalArgumentException naming the option.
     */
    public static List<String> parse(String option, String value) {
        if (value.isBlank()) {
            return List.of();
        }
        List<String> entries = new ArrayList<>();
        for (String entry : value.split(",", -1)) {
            if (entry.isBlank()) {
                throw new IllegalArgumentException(
                        option + ": an empty entry in '" + value + "' (a comma-separated list)");
            }
            entries.add(entry.strip());
        }
        return List.copyOf(entries);
    }
}
