package io.herald.edge.publish;

import io.herald.wire.Position;
import io.netty.channel.EventLoop;

/** The connection a publish came from. Callbacks run on {@link #loop()}. */
public interface PublishOwner {
    EventLoop loop();

    /** Index of {@link #loop()} in the hub, for batching the acknowledgement with messages. */
    int loopIndex();

    /** The message came back on the sequenced topic at {@code position}. */
    void onPublished(PendingPublish publish, Position position);

    /** Kafka refused or failed the write. */
    void onPublishFailed(PendingPublish publish, Exception cause);
}
