package io.herald.failover.load;

/**
 * The content the publisher writes: {@code "<number> <publishedNanos>"}, where {@code number}
 * counts the subject's messages from 0 and {@code publishedNanos} is the publisher's {@link
 * System#nanoTime()} at send time (the subscribers run in the same JVM, so it compares with their
 * receive times).
 */
public record LoadMessage(long number, long publishedNanos) {

    public String content() {
        return number + " " + publishedNanos;
    }

    /** Parses a content; throws IllegalArgumentException for anything else. */
    public static LoadMessage parse(String content) {
        int space = content.indexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("not a load message: " + content);
        }
        try {
            return new LoadMessage(
                    Long.parseLong(content, 0, space, 10),
                    Long.parseLong(content, space + 1, content.length(), 10));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a load message: " + content, e);
        }
    }
}
