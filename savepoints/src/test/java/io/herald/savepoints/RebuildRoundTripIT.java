package io.herald.savepoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.job.TestSequencer;
import io.herald.wire.Position;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link SavepointRebuilder} writes, {@link SavepointInspector} reads back. On a four-slot
 * MiniCluster: reading at a parallelism above the writer's, with filters that leave some reading
 * subtasks without output, is where Flink 2.2's keyed state input once lost rows.
 */
class RebuildRoundTripIT {

    @RegisterExtension static final MiniClusterExtension FLINK = TestSequencer.miniCluster(4);

    @TempDir Path dir;

    @Test
    void inspectReadsBackTheRebuiltPositionsAndEpochFilteredByPrefix() throws Exception {
        Map<String, Position> positions =
                Map.of(
                        "/chat/a", new Position(100, 4),
                        "/chat/b", new Position(120, 0),
                        "/news/x", new Position(90, 7));
        String path = dir.resolve("sp").toUri().toString();

        long epoch =
                new SavepointRebuilder(HeraldSavepoints.localEnvironment())
                        .write(positions, path, 128);
        assertThat(epoch).isEqualTo(120);

        Inspection all =
                new SavepointInspector(HeraldSavepoints.localEnvironment()).inspect(path, "");
        assertThat(all.subjects())
                .containsExactly(
                        new SubjectPositionRow("/chat/a", 100, 4),
                        new SubjectPositionRow("/chat/b", 120, 0),
                        new SubjectPositionRow("/news/x", 90, 7));
        assertThat(all.highestIssuedEpoch()).hasValue(120);

        Inspection chat =
                new SavepointInspector(HeraldSavepoints.localEnvironment()).inspect(path, "/chat/");
        assertThat(chat.subjects())
                .containsExactly(
                        new SubjectPositionRow("/chat/a", 100, 4),
                        new SubjectPositionRow("/chat/b", 120, 0));
        assertThat(chat.highestIssuedEpoch()).hasValue(120);

        assertThat(
                        new SavepointInspector(HeraldSavepoints.localEnvironment())
                                .inspect(path, "/news/")
                                .subjects())
                .containsExactly(new SubjectPositionRow("/news/x", 90, 7));
        assertThat(
                        new SavepointInspector(HeraldSavepoints.localEnvironment())
                                .inspect(path, "/none/")
                                .subjects())
                .isEmpty();
    }
}
