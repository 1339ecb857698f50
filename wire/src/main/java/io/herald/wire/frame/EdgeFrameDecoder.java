package io.herald.wire.frame;

/** Builds an {@link EdgeFrame} from a parsed frame object, strictly as PROTOCOL.md says. */
final class EdgeFrameDecoder {

    private EdgeFrameDecoder() {}

    static EdgeFrame decode(String type, FrameFields f, String requestId)
            throws FrameDecodeException {
        switch (type) {
            case "welcome":
                return new EdgeFrame.Welcome(limits(f.object("limits")));
            case "subscribed":
                Recovery recovery = recovery(f);
                return new EdgeFrame.Subscribed(
                        f.string("id"),
                        f.subject("subject"),
                        recovery,
                        f.optionalPosition("head"),
                        reason(f, recovery));
            case "message":
                return new EdgeFrame.Message(
                        f.subject("subject"),
                        f.position(),
                        f.string("content"),
                        f.safeLong("timestamp"),
                        f.bool("replay"));
            case "published":
                return new EdgeFrame.Published(f.string("id"), f.subject("subject"), f.position());
            case "pong":
                return new EdgeFrame.Pong(f.string("id"));
            case "error":
                return new EdgeFrame.ErrorFrame(
                        f.optionalString("id"),
                        errorCode(f),
                        f.string("message"),
                        f.optionalSubject("subject"));
            default:
                throw new UnknownFrameTypeException(type, requestId);
        }
    }

    private static EdgeLimits limits(FrameFields l) throws FrameDecodeException {
        return new EdgeLimits(
                l.positiveInt("maxPendingPublishes"),
                l.positiveInt("framesPerSecond"),
                l.positiveInt("maxFrameBytes"),
                l.positiveInt("maxBatch"));
    }

    private static Recovery recovery(FrameFields f) throws FrameDecodeException {
        return f.enumeration("recovery", Recovery::fromWire, "must be complete, partial or none");
    }

    /** The optional reason of a {@code partial} recovery; with another recovery, none is valid. */
    private static String reason(FrameFields f, Recovery recovery) throws FrameDecodeException {
        String reason = f.optionalString("reason");
        if (reason != null && recovery != Recovery.PARTIAL) {
            throw f.badRequest("reason", "comes only with recovery partial");
        }
        return reason;
    }

    private static ErrorCode errorCode(FrameFields f) throws FrameDecodeException {
        return f.enumeration("code", ErrorCode::fromWire, "is not a known error code");
    }
}
