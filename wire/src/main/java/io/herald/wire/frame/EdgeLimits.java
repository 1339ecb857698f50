package io.herald.wire.frame;

/**
 * What an edge allows one connection, as its {@code welcome} frame tells the client: a client that
 * keeps within these is never answered {@code OVERLOADED} nor closed with 4029 for its pace.
 *
 * @param maxPendingPublishes publishes awaiting their ack at once (each message of a batch counts)
 * @param framesPerSecond inbound frames per second sustained (bursts of twice that); a batch is one
 *     frame
 * @param maxFrameBytes largest inbound frame, UTF-8 bytes
 * @param maxBatch most messages in one {@code publishBatch}
 */
public record EdgeLimits(
        int maxPendingPublishes, int framesPerSecond, int maxFrameBytes, int maxBatch) {
    public EdgeLimits {
        if (maxPendingPublishes < 1 || framesPerSecond < 1 || maxFrameBytes < 1 || maxBatch < 1) {
            throw new IllegalArgumentException(
                    "limits must be positive: "
                            + maxPendingPublishes
                            + ", "
                            + framesPerSecond
                            + ", "
                            + maxFrameBytes
                            + ", "
                            + maxBatch);
        }
    }
}
