package io.herald.job;

/** How the sequencer writes to Kafka (docs/sequencer.md, "Delivery modes"). */
public enum Delivery {
    /**
     * Exactly-once Kafka transactions committed at each checkpoint: the sequenced topic never holds
     * two committed records for one source record; latency is bounded by the checkpoint interval.
     */
    EXACTLY_ONCE("exactly-once"),

    /**
     * At-least-once sinks, a network flush per record, {@code linger.ms=1}: milliseconds of
     * latency; after a restore, records may be re-emitted under a new epoch, and readers drop them
     * by their {@code source} header.
     */
    LOW_LATENCY("low-latency");

    private final String flag;

    Delivery(String flag) {
        this.flag = flag;
    }

    /** The value of {@code --delivery} that selects this mode. */
    public String flag() {
        return flag;
    }

    /** Parses a {@code --delivery} value; throws IllegalArgumentException naming the choices. */
    public static Delivery parse(String value) {
        for (Delivery d : values()) {
            if (d.flag.equals(value)) {
                return d;
            }
        }
        throw new IllegalArgumentException(
                "'" + value + "' is neither exactly-once nor low-latency");
    }
}
