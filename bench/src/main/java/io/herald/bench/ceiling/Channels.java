package io.herald.bench.ceiling;

import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.concurrent.ConcurrentHashMap;

/** The bare server's subscribers: a Netty {@link ChannelGroup} per channel name. */
final class Channels {
    private final ConcurrentHashMap<String, ChannelGroup> groups = new ConcurrentHashMap<>();

    ChannelGroup group(String name) {
        return groups.computeIfAbsent(
                name, n -> new DefaultChannelGroup(n, GlobalEventExecutor.INSTANCE));
    }
}
