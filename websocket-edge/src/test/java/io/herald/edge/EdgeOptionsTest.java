package io.herald.edge;

import io.herald.cli.Cli;
import io.herald.cli.OptionDocs;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EdgeOptionsTest {

    @Test
    void theDocsTablesAndHelpShowEveryOptionAsDefined() {
        OptionDocs.check(
                "edge", Cli.commandLine(new EdgeOptions(), EdgeOptions.ENV_PREFIX, Map.of()));
    }
}
