package io.herald.failover.flink;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * Finds the REST endpoint of the leading JobManager where Flink's own client finds it: in the
 * ZooKeeper node the leader writes when it is elected ({@code
 * <root>/<cluster-id>/leader/rest_server/connection_info}: the address as a {@code writeUTF} string
 * followed by the leader session's {@code UUID}, Java-serialized). A killed leader's address stays
 * there until the next leader overwrites it, so a caller must expect it to refuse connections for a
 * moment.
 */
final class ZooKeeperRestLeader implements AutoCloseable {

    private static final int SESSION_TIMEOUT_MS = 10_000;

    private final ZooKeeper zooKeeper;
    private final String path;

    private ZooKeeperRestLeader(ZooKeeper zooKeeper, String path) {
        this.zooKeeper = zooKeeper;
        this.path = path;
    }

    /** Connects to {@code quorum}; {@code root} and {@code clusterId} start with a slash. */
    static ZooKeeperRestLeader connect(String quorum, String root, String clusterId)
            throws InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        Watcher watcher =
                event -> {
                    if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                        connected.countDown();
                    }
                };
        ZooKeeper zk;
        try {
            zk = new ZooKeeper(quorum, SESSION_TIMEOUT_MS, watcher);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!connected.await(30, TimeUnit.SECONDS)) {
            zk.close();
            throw new IllegalStateException("could not connect to ZooKeeper at " + quorum);
        }
        return new ZooKeeperRestLeader(
                zk, root + clusterId + "/leader/rest_server/connection_info");
    }

    /**
     * The leader's REST URL ({@code http://host:port}), or empty while no leader has written it.
     */
    Optional<String> leaderUrl() throws IOException, InterruptedException {
        byte[] data;
        try {
            data = zooKeeper.getData(path, false, null);
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (KeeperException e) {
            throw new IOException("reading " + path + " from ZooKeeper", e);
        }
        if (data == null || data.length == 0) {
            return Optional.empty();
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            in.setObjectInputFilter(
                    info ->
                            info.serialClass() == null || info.serialClass() == UUID.class
                                    ? ObjectInputFilter.Status.ALLOWED
                                    : ObjectInputFilter.Status.REJECTED);
            String address = in.readUTF();
            in.readObject(); // the leader session id
            return Optional.of(address);
        } catch (ClassNotFoundException e) {
            throw new IOException("unexpected leader information in " + path, e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        zooKeeper.close();
    }
}
