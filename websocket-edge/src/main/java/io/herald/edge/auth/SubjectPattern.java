package io.herald.edge.auth;

import io.herald.wire.Subject;
import java.util.List;

/**
 * An entitlement pattern (PROTOCOL.md): a subject, or a subject followed by {@code /*}, which
 * matches that prefix's descendants at any depth ({@code /stocks/*} matches {@code
 * /stocks/NYSE/IBM}, not {@code /stocks}).
 */
public final class SubjectPattern {
    private final String exact;
    private final String prefix;

    private SubjectPattern(String exact, String prefix) {
        this.exact = exact;
        this.prefix = prefix;
    }

    /** Parses a pattern; throws IllegalArgumentException when it is no valid subject (+ "/*"). */
    public static SubjectPattern parse(String pattern) {
        if (pattern.endsWith("/*")) {
            String base = pattern.substring(0, pattern.length() - 2);
            Subject.parse(base);
            return new SubjectPattern(null, base + "/");
        }
        return new SubjectPattern(Subject.parse(pattern).value(), null);
    }

    public boolean matches(Subject s) {
        String v = s.value();
        return exact != null ? exact.equals(v) : v.startsWith(prefix);
    }

    static boolean anyMatches(List<SubjectPattern> patterns, Subject s) {
        for (SubjectPattern p : patterns) {
            if (p.matches(s)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return exact != null ? exact : prefix + "*";
    }
}
