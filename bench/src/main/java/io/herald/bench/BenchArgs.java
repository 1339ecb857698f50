package io.herald.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A scenario's {@code --name value} arguments, each with the scenario's default. */
public final class BenchArgs {
    private final Map<String, String> values = new HashMap<>();

    BenchArgs(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            values.put(args[i].substring(2), args[++i]);
        }
    }

    public int integer(String name, int def) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : def;
    }

    /** A comma-separated list. */
    public List<String> list(String name, String def) {
        return Arrays.asList(values.getOrDefault(name, def).split(","));
    }

    public List<Integer> integers(String name, String def) {
        return list(name, def).stream().map(Integer::parseInt).toList();
    }

    public String text(String name, String def) {
        return values.getOrDefault(name, def);
    }
}
