package io.herald.admin;

import io.herald.cli.OptionDocs;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminOptionsTest {

    @Test
    void theDocsTableAndHelpShowEveryOptionAsDefined() {
        OptionDocs.check(
                "admin topics",
                new AdminMain(System.out, System.err, Map.of())
                        .commandLine()
                        .getSubcommands()
                        .get("topics"));
    }
}
