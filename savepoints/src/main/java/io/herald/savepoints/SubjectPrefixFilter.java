package io.herald.savepoints;

import java.util.Objects;
import org.apache.flink.api.common.functions.FilterFunction;

/** Keeps the rows whose subject starts with a prefix; the empty prefix keeps every row. */
final class SubjectPrefixFilter implements FilterFunction<SubjectPositionRow> {
    private static final long serialVersionUID = 1L;

    private final String prefix;

    SubjectPrefixFilter(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public boolean filter(SubjectPositionRow row) {
        return row.subject.startsWith(prefix);
    }
}
