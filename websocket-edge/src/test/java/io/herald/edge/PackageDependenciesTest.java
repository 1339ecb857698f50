package io.herald.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The edge's packages depend on each other one way: only the composition root ({@code
 * io.herald.edge}: {@code Edge}, {@code EdgeMain}, the options) sees them all, and no package
 * reaches back into it. Read from the sources' imports.
 */
class PackageDependenciesTest {
    private static final String ROOT = "io.herald.edge";
    private static final Path SOURCES = Path.of("src/main/java/io/herald/edge");
    private static final Pattern IMPORT =
            Pattern.compile("^import (?:static )?(io\\.herald\\.edge(?:\\.[a-z]+)*)\\.[A-Z]");

    @Test
    void noPackageDependsOnTheCompositionRoot() throws IOException {
        Map<String, Set<String>> deps = dependencies();
        deps.forEach(
                (from, to) -> {
                    if (!from.equals(ROOT)) {
                        assertThat(to).as("what %s imports", from).doesNotContain(ROOT);
                    }
                });
    }

    @Test
    void packagesFormNoCycle() throws IOException {
        Map<String, Set<String>> deps = dependencies();
        for (String start : deps.keySet()) {
            assertThat(pathBack(deps, start)).as("a cycle through %s", start).isEmpty();
        }
    }

    /** A chain of imports from {@code start} back to itself, or empty when there is none. */
    private static List<String> pathBack(Map<String, Set<String>> deps, String start) {
        Deque<List<String>> paths = new ArrayDeque<>();
        paths.add(List.of(start));
        Set<String> seen = new TreeSet<>();
        while (!paths.isEmpty()) {
            List<String> path = paths.poll();
            for (String next : deps.getOrDefault(path.get(path.size() - 1), Set.of())) {
                List<String> longer = new ArrayList<>(path);
                longer.add(next);
                if (next.equals(start)) {
                    return longer;
                }
                if (seen.add(next)) {
                    paths.add(longer);
                }
            }
        }
        return List.of();
    }

    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(files).as("sources under %s", SOURCES.toAbsolutePath()).isNotEmpty();
        for (Path file : files) {
            Path dir = SOURCES.relativize(file).getParent();
            String pkg = dir == null ? ROOT : ROOT + "." + dir.toString().replace('/', '.');
            Set<String> to = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
            for (String line : Files.readAllLines(file)) {
                Matcher m = IMPORT.matcher(line);
                if (m.find() && !m.group(1).equals(pkg)) {
                    to.add(m.group(1));
                }
            }
        }
        return deps;
    }
}
