package io.herald.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * Keeps the option tables of {@code README.md} and {@code docs/*.md} equal to the code. A table
 * sits between {@code <!-- options: KEY -->} and {@code <!-- /options -->}, where KEY names the
 * command ({@code edge}, {@code job}, {@code local}, {@code savepoints inspect}, ...). Each
 * process's tests call {@link #check}; with {@code -Dherald.docs.update=true} the check rewrites
 * the tables instead (docs/options.md, "Adding an option").
 */
public final class OptionDocs {

    /** The system property that turns the check into a rewrite. */
    public static final String UPDATE_PROPERTY = "herald.docs.update";

    /** The command that rewrites every option table of the docs from the code. */
    public static final String REGENERATE =
            "./mvnw -q -pl websocket-edge,job,local,savepoints,admin -am test -Dtest='*OptionsTest'"
                    + " -Dsurefire.failIfNoSpecifiedTests=false -D"
                    + UPDATE_PROPERTY
                    + "=true";

    private static final String END = "<!-- /options -->";

    private OptionDocs() {}

    /**
     * Checks every table marked {@code key} in the repository's docs against {@code command}'s
     * options: the table must equal {@link OptionTable#markdown}, and every option, environment
     * variable and default of it must appear in {@code --help}. Throws AssertionError, with the
     * expected table, when one differs or when no document has the key.
     *
     * @return the documents holding a table for {@code key}
     */
    public static List<Path> check(String key, CommandLine command) {
        return check(repositoryRoot(), key, command, Boolean.getBoolean(UPDATE_PROPERTY));
    }

    static List<Path> check(Path root, String key, CommandLine command, boolean update) {
        String table = OptionTable.markdown(command);
        requireInHelp(table, command.getUsageMessage());
        Pattern block =
                Pattern.compile(
                        "(<!-- options: " + Pattern.quote(key) + " -->\\n)(.*?)(" + END + ")",
                        Pattern.DOTALL);
        List<Path> found = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        for (Path doc : documents(root)) {
            String text = read(doc);
            Matcher m = block.matcher(text);
            StringBuilder rewritten = new StringBuilder();
            boolean any = false;
            while (m.find()) {
                any = true;
                if (!m.group(2).equals(table)) {
                    stale.add(root.relativize(doc).toString());
                }
                m.appendReplacement(
                        rewritten, Matcher.quoteReplacement(m.group(1) + table + m.group(3)));
            }
            m.appendTail(rewritten);
            if (any) {
                found.add(doc);
                if (update && !rewritten.toString().equals(text)) {
                    write(doc, rewritten.toString());
                }
            }
        }
        if (found.isEmpty()) {
            throw new AssertionError(
                    "no document of " + root + " has a table <!-- options: " + key + " -->");
        }
        if (!stale.isEmpty() && !update) {
            throw new AssertionError(
                    "the option table <!-- options: "
                            + key
                            + " --> of "
                            + stale
                            + " differs from the code; it should read:\n"
                            + table
                            + "rewrite the tables with: "
                            + REGENERATE);
        }
        return found;
    }

    /** Every cell of the table's option, variable and default columns must appear in the help. */
    private static void requireInHelp(String table, String help) {
        Pattern code = Pattern.compile("`([^`]+)`");
        for (String row : table.split("\n")) {
            String[] cells = row.split(" \\| ");
            if (cells.length < 4 || row.startsWith("|---")) {
                continue;
            }
            for (int i = 0; i < 3; i++) {
                Matcher m = code.matcher(cells[i]);
                while (m.find()) {
                    String expected = m.group(1).replace("\\|", "|");
                    if (!help.contains(expected)) {
                        throw new AssertionError(
                                "--help does not show '" + expected + "':\n" + help);
                    }
                }
            }
        }
    }

    /**
     * The nearest folder at or above the working directory holding {@code mvnw} and {@code docs}.
     */
    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("docs"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "no repository root (mvnw and docs/) above " + Path.of("").toAbsolutePath());
    }

    private static List<Path> documents(Path root) {
        List<Path> docs = new ArrayList<>();
        docs.add(root.resolve("README.md"));
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    private static String read(Path doc) {
        try {
            return Files.readString(doc, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path doc, String text) {
        try {
            Files.writeString(doc, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
