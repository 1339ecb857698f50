package io.herald.savepoints;

import java.util.Locale;

/** How {@code inspect} prints what it found. */
public enum OutputFormat {
    /** Aligned columns for people. */
    TABLE,
    /** One JSON document for scripts. */
    JSON;

    static OutputFormat parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format must be table or json, got '" + text + "'");
        }
    }
}
