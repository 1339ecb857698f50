package io.herald.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A process's options as every Herald process declares them, for the tests of the shared parts. */
@Command(name = "sample", description = "A sample process.")
final class SampleOptions implements ConfigOptions<SampleOptions.Sample> {

    static final String ENV_PREFIX = "HERALD_SAMPLE";

    record Sample(
            String name,
            Duration timeout,
            int buffer,
            long budget,
            int count,
            boolean fresh,
            List<String> extra,
            String path) {}

    @Option(
            names = "--name",
            paramLabel = "NAME",
            defaultValue = "default-name",
            description = "a name")
    String name;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "20s",
            description = "how long to wait")
    Duration timeout;

    @Option(
            names = "--buffer",
            paramLabel = "SIZE",
            defaultValue = "1MiB",
            converter = Sizes.IntBytes.class,
            description = "a buffer")
    int buffer;

    @Option(
            names = "--budget",
            paramLabel = "SIZE",
            defaultValue = "256MiB",
            converter = Sizes.Bytes.class,
            description = "a budget")
    long budget;

    @Option(
            names = "--count",
            paramLabel = "N",
            defaultValue = "3",
            description = "at most 10 `things` (`table|json`)")
    int count;

    @Option(names = "--fresh", description = "start afresh")
    boolean fresh;

    @Option(names = "--extra", paramLabel = "NAME=VALUE", description = "an extra setting")
    List<String> extra = new ArrayList<>();

    @Option(names = "--path", paramLabel = "PATH", description = "where")
    String path;

    @Override
    public Sample toConfig() {
        if (count > 10) {
            throw new IllegalArgumentException("--count must be at most 10, was " + count);
        }
        return new Sample(name, timeout, buffer, budget, count, fresh, List.copyOf(extra), path);
    }
}
