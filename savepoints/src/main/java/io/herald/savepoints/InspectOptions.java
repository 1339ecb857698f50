package io.herald.savepoints;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Options of {@code inspect}.
 *
 * @param path the savepoint or retained checkpoint directory (the one holding {@code _metadata}),
 *     as a Flink path: {@code file:///...}, or a plain local path
 * @param format table (default) or json
 * @param subjectPrefix only subjects starting with this are listed and counted; empty = all
 */
public record InspectOptions(String path, OutputFormat format, String subjectPrefix) {

    static final Set<String> NAMES = Set.of("path", "format", "subject-prefix");

    public InspectOptions {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(subjectPrefix, "subjectPrefix");
    }

    /** Parses the arguments after {@code inspect}. */
    public static InspectOptions parse(List<String> args) {
        CliArgs a = CliArgs.parse(args, NAMES);
        return new InspectOptions(
                a.required("path"),
                OutputFormat.parse(a.optional("format", "table")),
                a.optional("subject-prefix", ""));
    }
}
