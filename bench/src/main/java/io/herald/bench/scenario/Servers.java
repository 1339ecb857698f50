package io.herald.bench.scenario;

import io.herald.bench.server.HeraldEdge;
import io.herald.bench.server.Nchan;
import io.herald.bench.server.NettyCeiling;
import io.herald.bench.server.Server;
import java.nio.file.Path;
import java.util.List;

/** Starts a server under test by name: {@code herald}, {@code nchan} or {@code netty}. */
final class Servers {
    private Servers() {}

    static Server start(String name, Path logs) throws Exception {
        return switch (name) {
            case "herald" -> HeraldEdge.start(logs, List.of());
            case "nchan" -> Nchan.start(logs);
            case "netty" -> NettyCeiling.start(logs);
            default -> throw new IllegalArgumentException("unknown server " + name);
        };
    }
}
