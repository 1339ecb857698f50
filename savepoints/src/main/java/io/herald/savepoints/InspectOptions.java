package io.herald.savepoints;

import io.herald.cli.ConfigOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The options of {@code inspect}, each defined once here: parsing, {@code --help} and the table of
 * docs/operations.md come from these fields.
 */
@Command(
        name = "inspect",
        description =
                "Prints the sequencer's state (uid sequencer) in a savepoint or retained checkpoint:"
                        + " each subject's last position and the issued epochs.")
final class InspectOptions implements ConfigOptions<InspectConfig> {

    @Option(
            names = "--path",
            paramLabel = "PATH",
            required = true,
            description =
                    "the savepoint or `chk-<n>` directory holding `_metadata` (`file:///...` or a"
                            + " local path)")
    String path;

    @Option(
            names = "--format",
            paramLabel = "table|json",
            defaultValue = "table",
            description =
                    "`json` fields: `path`, `subjectPrefix`, `subjects` [`subject`, `epoch`,"
                            + " `seq`], `subjectCount`, `epochs` [`epoch`, `subjects`],"
                            + " `issuedEpochs`, `highestIssuedEpoch` (null when none)")
    OutputFormat format;

    @Option(
            names = "--subject-prefix",
            paramLabel = "PREFIX",
            description = "only subjects starting with PREFIX are listed and counted; unset = all")
    String subjectPrefix;

    @Override
    public InspectConfig toConfig() {
        return new InspectConfig(path, format, subjectPrefix == null ? "" : subjectPrefix);
    }
}
