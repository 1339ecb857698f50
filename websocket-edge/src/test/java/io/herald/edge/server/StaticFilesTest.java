package io.herald.edge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a static directory serves: its files, and nothing hidden or outside it. */
class StaticFilesTest {
    @TempDir Path root;

    @Test
    void servesFilesAndIndexPages() throws Exception {
        Files.writeString(root.resolve("index.html"), "<p>hi</p>");
        Files.createDirectories(root.resolve("app"));
        Files.writeString(root.resolve("app/main.js"), "1;");
        StaticFiles files = new StaticFiles(root);
        assertThat(files.find("/").path()).isEqualTo(root.resolve("index.html").toRealPath());
        StaticFiles.File js = files.find("/app/main.js");
        assertThat(js.length()).isEqualTo(2);
        assertThat(js.contentType()).isEqualTo("text/javascript; charset=utf-8");
    }

    @Test
    void hiddenFilesAndFoldersAreNotServed() throws Exception {
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(root.resolve(".git/config"), "[core]");
        Files.writeString(root.resolve(".env"), "SECRET=1");
        Files.createDirectories(root.resolve("app/.cache"));
        Files.writeString(root.resolve("app/.cache/x.js"), "1;");
        StaticFiles files = new StaticFiles(root);
        assertThat(files.find("/.git/config")).isNull();
        assertThat(files.find("/.git/")).isNull();
        assertThat(files.find("/.env")).isNull();
        assertThat(files.find("/app/.cache/x.js")).isNull();
        assertThat(files.find("/app/../.env")).isNull();
    }
}
