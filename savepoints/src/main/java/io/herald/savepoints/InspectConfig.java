package io.herald.savepoints;

import java.util.Objects;

/**
 * What {@code inspect} is asked to do, parsed once from its options ({@link InspectOptions}).
 *
 * @param path the savepoint or retained checkpoint directory (the one holding {@code _metadata}),
 *     as a Flink path: {@code file:///...}, or a plain local path
 * @param format table (default) or json
 * @param subjectPrefix only subjects starting with this are listed and counted; empty = all
 */
public record InspectConfig(String path, OutputFormat format, String subjectPrefix) {

    public InspectConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(subjectPrefix, "subjectPrefix");
    }
}
