package io.herald.edge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@link EdgeConfig} from flags over {@code HERALD_EDGE_*} variables over defaults. */
final class EdgeConfigParser {

    /** Every option with its default ("" = unset). The order is the order of the docs. */
    static final Map<String, String> DEFAULTS = defaults();

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)([kKmMgG]i?[bB]?|[bB])?");

    private final Map<String, String> values = new LinkedHashMap<>(DEFAULTS);

    EdgeConfigParser(String[] args, Map<String, String> env) {
        for (String name : DEFAULTS.keySet()) {
            String fromEnv = env.get(envName(name));
            if (fromEnv != null) {
                values.put(name, fromEnv.trim());
            }
        }
        readFlags(args);
    }

    static String envName(String option) {
        return "HERALD_EDGE_" + option.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("bootstrap-servers", "127.0.0.1:9092");
        d.put("host", "127.0.0.1");
        d.put("port", "8081");
        d.put("sequenced-topic", "messages.sequenced");
        d.put("dead-letter-topic", "messages.dead-letter");
        d.put("source-topics", "demo");
        d.put("cache-ttl", "180s");
        d.put("cache-max-messages", "1000");
        d.put("cache-max-bytes", "256MiB");
        d.put("max-frame-bytes", "65536");
        d.put("max-subjects", "1000");
        d.put("outbound-buffer-bytes", "1MiB");
        d.put("publish-timeout", "10s");
        d.put("max-pending-publishes", "100");
        d.put("max-requests-per-second", "1000");
        d.put("ping-interval", "20s");
        d.put("idle-timeout", "60s");
        d.put("io-threads", "0");
        d.put("static-dir", "");
        d.put("auth-hs256-secret", "");
        d.put("auth-rs256-public-key", "");
        d.put("fault-drop-every", "0");
        return d;
    }

    /** The options with their defaults and environment variables, for {@code --help}. */
    static String usage() {
        StringBuilder b = new StringBuilder("options (flag, environment variable, default):\n");
        DEFAULTS.forEach(
                (name, def) ->
                        b.append(
                                String.format(
                                        "  --%-26s %-36s %s%n",
                                        name, envName(name), def.isEmpty() ? "(unset)" : def)));
        b.append("  --fault-drop-every is TEST ONLY: it drops every Nth live delivery.\n");
        return b.toString();
    }

    private void readFlags(String[] args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (rest.isEmpty()) {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            } else {
                value = rest.remove(0);
            }
            if (!DEFAULTS.containsKey(name)) {
                throw new IllegalArgumentException(
                        "unknown option --" + name + " (known: " + DEFAULTS.keySet() + ")");
            }
            values.put(name, value.trim());
        }
    }

    EdgeConfig parse() {
        String secret = optional("auth-hs256-secret");
        Path rsaKey = optionalPath("auth-rs256-public-key");
        if (rsaKey != null && !Files.isReadable(rsaKey)) {
            throw new IllegalArgumentException(
                    "--auth-rs256-public-key: cannot read " + rsaKey.toAbsolutePath());
        }
        Path staticDir = optionalPath("static-dir");
        if (staticDir != null && !Files.isDirectory(staticDir)) {
            throw new IllegalArgumentException(
                    "--static-dir: not a directory: " + staticDir.toAbsolutePath());
        }
        return new EdgeConfig(
                nonEmpty("bootstrap-servers"),
                nonEmpty("host"),
                integer("port"),
                nonEmpty("sequenced-topic"),
                nonEmpty("dead-letter-topic"),
                list("source-topics"),
                duration("cache-ttl"),
                integer("cache-max-messages"),
                size("cache-max-bytes"),
                Math.toIntExact(size("max-frame-bytes")),
                integer("max-subjects"),
                Math.toIntExact(size("outbound-buffer-bytes")),
                duration("publish-timeout"),
                integer("max-pending-publishes"),
                integer("max-requests-per-second"),
                duration("ping-interval"),
                duration("idle-timeout"),
                integer("io-threads"),
                staticDir,
                new EdgeConfig.AuthConfig(secret, rsaKey),
                integer("fault-drop-every"));
    }

    private String nonEmpty(String name) {
        String v = values.get(name);
        if (v.isEmpty()) {
            throw new IllegalArgumentException("--" + name + " must not be empty");
        }
        return v;
    }

    private String optional(String name) {
        String v = values.get(name);
        return v.isEmpty() ? null : v;
    }

    private Path optionalPath(String name) {
        String v = optional(name);
        return v == null ? null : Path.of(v);
    }

    private List<String> list(String name) {
        List<String> out = new ArrayList<>();
        for (String part : values.get(name).split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    private int integer(String name) {
        String v = values.get(name);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": not an integer: '" + v + "'");
        }
    }

    private Duration duration(String name) {
        String v = values.get(name);
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "--" + name + ": not a duration: '" + v + "' (use e.g. 500ms, 20s, 3m, 1h)");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "ms":
                return Duration.ofMillis(n);
            case "s":
                return Duration.ofSeconds(n);
            case "m":
                return Duration.ofMinutes(n);
            default:
                return Duration.ofHours(n);
        }
    }

    private long size(String name) {
        String v = values.get(name);
        Matcher m = SIZE.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "--"
                            + name
                            + ": not a size: '"
                            + v
                            + "' (use e.g. 65536, 64KiB, 256MiB, 1GiB)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        long factor =
                unit.startsWith("k")
                        ? 1L << 10
                        : unit.startsWith("m") ? 1L << 20 : unit.startsWith("g") ? 1L << 30 : 1;
        return Math.multiplyExact(n, factor);
    }
}
