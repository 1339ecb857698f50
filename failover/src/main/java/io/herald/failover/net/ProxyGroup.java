package io.herald.failover.net;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fault proxies between one group of clients (the edges, or the job) and the brokers: one per
 * broker, each in front of that broker's listener for the group, faulted together.
 */
public final class ProxyGroup implements AutoCloseable {

    private final String name;
    private final List<FaultProxy> proxies;

    private ProxyGroup(String name, List<FaultProxy> proxies) {
        this.name = name;
        this.proxies = proxies;
    }

    /** One proxy on {@code ports.get(i)} in front of {@code targets.get(i)}, for each i. */
    public static ProxyGroup start(
            String name, List<Integer> ports, List<InetSocketAddress> targets) {
        if (ports.size() != targets.size()) {
            throw new IllegalArgumentException("one port per target");
        }
        List<FaultProxy> proxies = new ArrayList<>();
        try {
            for (int i = 0; i < ports.size(); i++) {
                proxies.add(FaultProxy.start(name + "-" + (i + 1), ports.get(i), targets.get(i)));
            }
        } catch (RuntimeException e) {
            proxies.forEach(FaultProxy::close);
            throw e;
        }
        return new ProxyGroup(name, proxies);
    }

    public String name() {
        return name;
    }

    /** See {@link FaultProxy#latency(Duration)}. */
    public void latency(Duration latency) {
        proxies.forEach(p -> p.latency(latency));
    }

    /** See {@link FaultProxy#stall()}. */
    public void stall() {
        proxies.forEach(FaultProxy::stall);
    }

    /** See {@link FaultProxy#cut()}. */
    public void cut() {
        proxies.forEach(FaultProxy::cut);
    }

    /** See {@link FaultProxy#heal()}. */
    public void heal() {
        proxies.forEach(FaultProxy::heal);
    }

    @Override
    public void close() {
        proxies.forEach(FaultProxy::close);
    }
}
