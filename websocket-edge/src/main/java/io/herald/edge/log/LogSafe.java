package io.herald.edge.log;

/**
 * Makes a string a client or a producer chose (a request id, a subject, a message id) safe to put
 * in a {@code key=value} log line: a value made only of characters that cannot end or split a field
 * is written as is; anything else is quoted, with {@code "} and {@code \} escaped and every control
 * or line-breaking character written as an escape ({@code \n}, {@code \}{@code u2028}), so a value
 * can neither start a new line nor pose as another field. Long values are cut. Tokens are never
 * logged at all, escaped or not.
 */
public final class LogSafe {
    /** Characters kept from a value; the rest is replaced by a count. */
    static final int MAX_CHARS = 200;

    private LogSafe() {}

    /** {@code value} fit for a log field; {@code null} for null. */
    public static String text(Object value) {
        if (value == null) {
            return "null";
        }
        String s = value.toString();
        String kept = s.length() > MAX_CHARS ? s.substring(0, MAX_CHARS) : s;
        String cut = s.length() > MAX_CHARS ? "…(" + s.length() + " chars)" : "";
        if (cut.isEmpty() && isPlain(kept)) {
            return kept;
        }
        StringBuilder b = new StringBuilder(kept.length() + 16).append('"');
        for (int i = 0; i < kept.length(); i++) {
            escape(b, kept.charAt(i));
        }
        return b.append(cut).append('"').toString();
    }

    private static boolean isPlain(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean plain =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || "/._:@+-".indexOf(c) >= 0;
            if (!plain) {
                return false;
            }
        }
        return true;
    }

    private static void escape(StringBuilder b, char c) {
        switch (c) {
            case '"' -> b.append("\\\"");
            case '\\' -> b.append("\\\\");
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            case '\t' -> b.append("\\t");
            default -> {
                if (c < 0x20
                        || c == 0x7f
                        || (c >= 0x80 && c < 0xa0)
                        || c == 0x2028
                        || c == 0x2029) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
        }
    }
}
