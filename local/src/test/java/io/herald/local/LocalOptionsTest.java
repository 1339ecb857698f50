package io.herald.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cli.Cli;
import io.herald.cli.OptionDocs;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalOptionsTest {

    @Test
    void theDocsTablesAndHelpShowEveryOptionAsDefined() {
        assertThat(
                        OptionDocs.check(
                                "local",
                                Cli.commandLine(
                                        new LocalOptions(), LocalOptions.ENV_PREFIX, Map.of())))
                .extracting(p -> p.getFileName().toString())
                .contains("README.md", "local.md");
    }
}
