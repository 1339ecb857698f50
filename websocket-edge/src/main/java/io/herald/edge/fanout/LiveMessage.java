package io.herald.edge.fanout;

import io.herald.wire.Position;
import io.herald.wire.Subject;
import io.netty.buffer.ByteBuf;

/**
 * A message on its way to subscribers: subject and position for the cursors, and the complete
 * encoded WebSocket frame ({@link MessageFrames}) shared by every connection. Each event loop that
 * receives it holds one reference to {@code frame} and releases it after its batch.
 */
public record LiveMessage(Subject subject, Position position, ByteBuf frame) {}
