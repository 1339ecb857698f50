package io.herald.edge.recovery;

import io.herald.wire.Position;

/** A delivery would skip positions: the connection must not continue as if nothing happened. */
public final class SequenceGapException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Position last;
    private final Position next;

    public SequenceGapException(Position last, Position next) {
        super("gap in delivery: " + last + " then " + next);
        this.last = last;
        this.next = next;
    }

    public Position last() {
        return last;
    }

    public Position next() {
        return next;
    }
}
