package io.herald.bench.server;

import io.herald.bench.ceiling.BroadcastServerMain;
import io.herald.bench.load.GeneratorSpec;
import io.herald.bench.proc.Child;
import io.herald.bench.proc.Jvm;
import io.herald.testing.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The bare Netty broadcast server ({@link BroadcastServerMain}) in a process of its own. */
public final class NettyCeiling implements Server {
    private final Child process;
    private final int port;

    private NettyCeiling(Child process, int port) {
        this.process = process;
        this.port = port;
    }

    public static NettyCeiling start(Path logs) {
        int port = FreePorts.next();
        Child c =
                Child.start(
                        "netty",
                        Jvm.command(
                                EdgeProcess.JVM,
                                BroadcastServerMain.class.getName(),
                                List.of(Integer.toString(port))),
                        logs.resolve("netty.log"));
        try {
            c.awaitLine(l -> l.startsWith("listening "), Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return new NettyCeiling(c, port);
    }

    @Override
    public String name() {
        return "netty";
    }

    @Override
    public GeneratorSpec.Protocol protocol() {
        return GeneratorSpec.Protocol.CHANNEL;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public List<Long> pids() {
        return List.of(process.pid());
    }

    @Override
    public Publisher publisher() throws Exception {
        return new WebSocketPublisher(port);
    }

    @Override
    public void close() {
        process.close();
    }
}
