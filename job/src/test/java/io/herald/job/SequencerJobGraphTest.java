package io.herald.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.junit.jupiter.api.Test;

/** The tasks the job's operators are chained into, read from the job graph a cluster would run. */
class SequencerJobGraphTest {

    @Test
    void deadLetterSinkRunsInTasksOfItsOwnSoThatTheyInitialiseAlongsideTheSequencer() {
        JobGraph graph =
                SequencerJob.environment(SequencerConfig.defaults()).getStreamGraph().getJobGraph();
        List<String> tasks =
                StreamSupport.stream(graph.getVertices().spliterator(), false)
                        .map(JobVertex::getName)
                        .toList();

        assertThat(tasks)
                .as("task names")
                .anySatisfy(
                        task ->
                                assertThat(task)
                                        .contains("sequencer")
                                        .contains("sequenced-sink")
                                        .doesNotContain("dead-letter-sink"))
                .anySatisfy(
                        task ->
                                assertThat(task)
                                        .contains("dead-letter-sink")
                                        .doesNotContain("sequencer"));
    }
}
