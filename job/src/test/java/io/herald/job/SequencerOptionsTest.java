package io.herald.job;

import io.herald.cli.Cli;
import io.herald.cli.OptionDocs;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SequencerOptionsTest {

    @Test
    void theDocsTablesAndHelpShowEveryOptionAsDefined() {
        OptionDocs.check(
                "job",
                Cli.commandLine(new SequencerOptions(), SequencerOptions.ENV_PREFIX, Map.of()));
    }
}
