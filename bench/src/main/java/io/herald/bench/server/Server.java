package io.herald.bench.server;

import io.herald.bench.load.GeneratorSpec;
import java.util.List;

/**
 * A server under test, running in processes of its own: how clients subscribe to it, how to publish
 * to it, and which processes' CPU and memory are its own.
 */
public interface Server extends AutoCloseable {

    /** A short name for the tables: {@code herald}, {@code nchan}, {@code netty}. */
    String name();

    GeneratorSpec.Protocol protocol();

    int port();

    /** The processes whose CPU time is the server's (the edge, nginx's master and workers). */
    List<Long> pids();

    /** A new publisher into this server (the caller closes it). */
    Publisher publisher() throws Exception;

    @Override
    void close();
}
