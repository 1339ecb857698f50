package io.herald.bench.server;

import io.herald.bench.proc.Child;
import io.herald.bench.proc.Jvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A single-node broker ({@link BrokerMain}) as a child process, with one topic created. */
public final class BrokerProcess implements AutoCloseable {
    private final Child child;
    private final String bootstrap;

    private BrokerProcess(Child child, String bootstrap) {
        this.child = child;
        this.bootstrap = bootstrap;
    }

    /** Starts the broker and creates {@code topic}; returns once it answers. */
    public static BrokerProcess start(Path logs, String topic, int partitions) {
        Child child =
                Child.start(
                        "broker",
                        Jvm.command(
                                List.of("-Xmx1g", "-XX:+UseParallelGC"),
                                BrokerMain.class.getName(),
                                List.of(topic, Integer.toString(partitions))),
                        logs.resolve("broker.log"));
        try {
            String line = child.awaitLine(l -> l.startsWith("bootstrap "), Duration.ofSeconds(90));
            return new BrokerProcess(child, line.substring("bootstrap ".length()));
        } catch (RuntimeException | Error e) {
            child.close();
            throw e;
        }
    }

    public String bootstrap() {
        return bootstrap;
    }

    public long pid() {
        return child.pid();
    }

    @Override
    public void close() {
        child.close();
    }
}
