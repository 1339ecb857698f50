package io.herald.wire.frame;

import java.util.Optional;

/** The {@code recovery} of a {@code subscribed} frame: what the edge can prove it will deliver. */
public enum Recovery {
    /** Every message after the requested {@code from} position follows. */
    COMPLETE("complete"),
    /**
     * The edge cannot prove it holds every message after {@code from} (cache expired, evicted, or
     * too young): the application must re-sync.
     */
    PARTIAL("partial"),
    /** No {@code from} was asked. */
    NONE("none");

    private final String wireName;

    Recovery(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire: {@code complete}, {@code partial} or {@code none}. */
    public String wireName() {
        return wireName;
    }

    /** The constant for a wire name, if any. */
    public static Optional<Recovery> fromWire(String name) {
        for (Recovery r : values()) {
            if (r.wireName.equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
