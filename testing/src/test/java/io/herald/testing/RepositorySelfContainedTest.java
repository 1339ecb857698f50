package io.herald.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository explains itself: anyone who clones it finds everything it cites. Scans every text
 * file of the working tree (code, docs, poms, scripts; not build output, not node_modules) and
 * fails on a citation of a document that is not in the repository, on a path of one machine, on a
 * {@code docs/*.md} that does not exist, and on a relative Markdown link to a file or heading that
 * does not exist.
 */
class RepositorySelfContainedTest {

    private static final Set<String> SKIPPED =
            Set.of("target", "node_modules", ".git", ".idea", ".vscode", "local-data");
    private static final long MAX_FILE_BYTES = 2L << 20;

    /** What no file may say, and why. Written so that this file does not match them itself. */
    private static final Map<Pattern, String> FORBIDDEN =
            Map.of(
                    Pattern.compile("\\bDESIG[N]\\b"),
                    "cites design notes that are not in the repository: point at docs/design.md",
                    Pattern.compile("BUILD[-_ ]NOTES"),
                    "cites build notes that are not in the repository: explain it where it applies",
                    Pattern.compile("[.][.]/shared\\b"),
                    "points at a folder outside the repository",
                    Pattern.compile("(?<![\\w.])/tmp[/]"),
                    "a path of one machine: use a temporary directory the code creates, or an"
                            + " example such as file:///var/herald/...",
                    Pattern.compile("(?<![\\w.])/work[/]"),
                    "a path of one machine");

    private static final Pattern DOCS_FILE = Pattern.compile("(?<![\\w/.-])docs/[\\w.-]+\\.md\\b");
    private static final Pattern MARKDOWN_LINK =
            Pattern.compile("\\[[^\\]\\n]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern URL_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private final Path root = repositoryRoot();

    @Test
    void noFileCitesADocumentOutsideTheRepositoryOrAPathOfOneMachine() {
        List<String> problems = new ArrayList<>();
        for (Path file : textFiles()) {
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                for (Map.Entry<Pattern, String> rule : FORBIDDEN.entrySet()) {
                    Matcher m = rule.getKey().matcher(line);
                    if (m.find()) {
                        problems.add(where(file, i) + " '" + m.group() + "': " + rule.getValue());
                    }
                }
                Matcher docs = DOCS_FILE.matcher(line);
                while (docs.find()) {
                    if (!Files.isRegularFile(root.resolve(docs.group()))) {
                        problems.add(
                                where(file, i) + " cites " + docs.group() + ", which is not there");
                    }
                }
            }
        }
        assertThat(problems).as("references that lead outside the repository").isEmpty();
    }

    @Test
    void everyRelativeMarkdownLinkLeadsToAFileAndHeadingThatExist() {
        List<String> problems = new ArrayList<>();
        for (Path file : textFiles()) {
            if (!file.getFileName().toString().endsWith(".md")) {
                continue;
            }
            List<String> lines = outsideCodeBlocks(lines(file));
            for (int i = 0; i < lines.size(); i++) {
                int line = i;
                Matcher link = MARKDOWN_LINK.matcher(lines.get(i));
                while (link.find()) {
                    problem(file, link.group(1))
                            .ifPresent(
                                    p ->
                                            problems.add(
                                                    where(file, line)
                                                            + " "
                                                            + link.group()
                                                            + " "
                                                            + p));
                }
            }
        }
        assertThat(problems).as("broken relative links in Markdown").isEmpty();
    }

    @Test
    void theRulesCatchWhatTheyAreMeantFor() {
        List<String> caught =
                Stream.of(
                                "see DESI" + "GN.md, invariant 4",
                                "pinned (BUILD" + "-NOTES)",
                                "../" + "shared/STYLE.md",
                                "flock /" + "tmp/heavy.lock",
                                "file:///" + "tmp/ck",
                                "cd /" + "work/main")
                        .filter(s -> FORBIDDEN.keySet().stream().anyMatch(p -> p.matcher(s).find()))
                        .toList();
        assertThat(caught).hasSize(6);
        assertThat(
                        Stream.of("docs/design.md", "java.io.tmpdir", "a/tmp" + "/b", "the design")
                                .filter(
                                        s ->
                                                FORBIDDEN.keySet().stream()
                                                        .anyMatch(p -> p.matcher(s).find())))
                .isEmpty();
        assertThat(slugs(List.of("## Kafka records", "### Client → edge", "# The stack (`x`)")))
                .contains("kafka-records", "client--edge", "the-stack-x");
    }

    /**
     * Why {@code target}, linked from {@code file}, leads nowhere; empty when it leads somewhere.
     */
    private Optional<String> problem(Path file, String target) {
        if (URL_SCHEME.matcher(target).find()) {
            return Optional.empty();
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path linked = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        if (!linked.startsWith(root)) {
            return Optional.of("leaves the repository");
        }
        if (!Files.exists(linked)) {
            return Optional.of("leads to " + root.relativize(linked) + ", which does not exist");
        }
        if (anchor != null
                && linked.getFileName().toString().endsWith(".md")
                && !slugs(outsideCodeBlocks(lines(linked))).contains(anchor)) {
            return Optional.of("names a heading that " + root.relativize(linked) + " lacks");
        }
        return Optional.empty();
    }

    /** The anchors GitHub gives a file's headings. */
    private static Set<String> slugs(List<String> lines) {
        Set<String> slugs = new HashSet<>();
        for (String line : lines) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug =
                        heading.group(1)
                                .toLowerCase(Locale.ROOT)
                                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                                .replace(' ', '-');
                String unique = slug;
                for (int n = 1; !slugs.add(unique); n++) {
                    unique = slug + "-" + n;
                }
            }
        }
        return slugs;
    }

    private static List<String> outsideCodeBlocks(List<String> lines) {
        List<String> prose = new ArrayList<>();
        boolean inCode = false;
        for (String line : lines) {
            if (line.stripLeading().startsWith("```")) {
                inCode = !inCode;
                prose.add("");
            } else {
                prose.add(inCode ? "" : line);
            }
        }
        return prose;
    }

    private List<Path> textFiles() {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile)
                    .filter(f -> !inSkippedDirectory(f))
                    .filter(RepositorySelfContainedTest::isText)
                    .forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(files).as("text files under " + root).hasSizeGreaterThan(100);
        return files;
    }

    /** Build output, dependencies, IDE and git metadata (a worktree's .git is a file). */
    private boolean inSkippedDirectory(Path file) {
        for (Path part : root.relativize(file)) {
            if (SKIPPED.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isText(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                return false;
            }
            for (byte b : Files.readAllBytes(file)) {
                if (b == 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String where(Path file, int line) {
        return root.relativize(file) + ":" + (line + 1);
    }

    /** The folder holding mvnw and docs/, found upwards from this module. */
    private static Path repositoryRoot() {
        Path dir =
                Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                        .toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("mvnw")) && Files.isDirectory(d.resolve("docs"))) {
                return d;
            }
        }
        throw new IllegalStateException("no repository root (mvnw and docs/) above " + dir);
    }
}
