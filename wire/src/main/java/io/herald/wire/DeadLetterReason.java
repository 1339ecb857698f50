package io.herald.wire;

/**
 * Why the sequencer wrote a source record to the dead-letter topic instead of sequencing it: the
 * value of a dead letter's {@code reason} header (PROTOCOL.md, "Kafka records"). The {@code error}
 * header next to it says the same in words, with the details.
 */
public enum DeadLetterReason {
    /** The record's topic and key map to no valid subject (PROTOCOL.md, "Subjects"). */
    INVALID_SUBJECT("invalid-subject"),

    /**
     * The record's sequenced form (key, value, headers) would exceed the largest record the job
     * writes ({@code --max-record-bytes}); the dead letter keeps a bounded prefix of it.
     */
    TOO_LARGE("too-large");

    private final String header;

    DeadLetterReason(String header) {
        this.header = header;
    }

    /** The {@code reason} header's value. */
    public String header() {
        return header;
    }
}
