package io.herald.failover.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FlinkClusterConfigTest {

    private static final Path STATE = Path.of("/scratch/flink");

    @Test
    void oneJobManagerHasNoHighAvailability() {
        FlinkClusterConfig c = new FlinkClusterConfig(8081, 6123, 6124, 2, STATE);

        assertThat(c.jobManagers())
                .containsExactly(new FlinkClusterConfig.JobManagerPorts(8081, 6123, 6124));
        assertThat(c.settings()).doesNotContainKey("high-availability.type");
    }

    @Test
    void highAvailabilityElectsThroughZooKeeperAndStoresOnDisk() {
        FlinkClusterConfig c = withStandby();

        Map<String, String> s = c.settings();
        assertThat(s)
                .containsEntry("high-availability.type", "zookeeper")
                .containsEntry("high-availability.zookeeper.quorum", "127.0.0.1:2181")
                .containsEntry(
                        "high-availability.storageDir", STATE.resolve("ha").toUri().toString())
                .containsEntry("high-availability.zookeeper.client.session-timeout", "3000")
                .containsEntry(
                        "high-availability.zookeeper.client.tolerate-suspended-connections",
                        "true");
        assertThat(c.jobManagers()).hasSize(2);
    }

    @Test
    void eachJobManagerGetsItsOwnPortsAndWebFolders() {
        FlinkClusterConfig c = withStandby();

        List<String> first = c.jobManagerProperties(c.jobManagers().get(0), "jobmanager-1");
        List<String> standby = c.jobManagerProperties(c.jobManagers().get(1), "jobmanager-2");
        assertThat(first)
                .contains("rest.port=8081", "high-availability.jobmanager.port=6123")
                .contains("blob.server.port=6124");
        assertThat(standby)
                .contains("rest.port=9081", "high-availability.jobmanager.port=7123")
                .contains("blob.server.port=7124")
                .contains("web.upload.dir=" + STATE.resolve("tmp").resolve("upload-jobmanager-2"));
    }

    @Test
    void everyProcessGetsTheJavaOptionsOfTheConfigFileAsFlinksScriptsPassThem() {
        FlinkClusterConfig c = withStandby();

        assertThat(c.settings()).containsEntry("env.java.opts.all", "-XX:MetaspaceSize=128m");
        assertThat(c.javaOptions()).containsExactly("-XX:MetaspaceSize=128m");
    }

    private static FlinkClusterConfig withStandby() {
        return new FlinkClusterConfig(
                8081,
                6123,
                6124,
                2,
                STATE,
                Optional.of(
                        new FlinkClusterConfig.HighAvailability(
                                "127.0.0.1:2181",
                                Duration.ofSeconds(3),
                                new FlinkClusterConfig.JobManagerPorts(9081, 7123, 7124))));
    }
}
