package io.herald.savepoints;

/** How {@code inspect} prints what it found ({@code --format}, in any case). */
public enum OutputFormat {
    /** Aligned columns for people. */
    TABLE,
    /** One JSON document for scripts. */
    JSON
}
