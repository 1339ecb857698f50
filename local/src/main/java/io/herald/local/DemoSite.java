package io.herald.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo page and the JavaScript client, packaged as classpath resources under {@code
 * io/herald/local/www/} by the build, written out to a folder that the edges serve at {@code /}.
 * The folder is rewritten at each start, so it always matches the code that runs.
 */
final class DemoSite {

    static final String RESOURCE_ROOT = "/io/herald/local/www";

    private DemoSite() {}

    /** Replaces the contents of {@code target} with the site; returns {@code target}. */
    static Path writeTo(Path target) throws IOException {
        Folders.deleteRecursively(target);
        Files.createDirectories(target);
        URL root = DemoSite.class.getResource(RESOURCE_ROOT);
        if (root == null) {
            throw new IllegalStateException(
                    "demo site missing from the classpath: " + RESOURCE_ROOT);
        }
        URI uri = toUri(root);
        if (uri.getScheme().equals("jar")) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                copyTree(jar.getPath(RESOURCE_ROOT), target);
            }
        } else {
            copyTree(Path.of(uri), target);
        }
        return target;
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            paths.forEach(
                    p -> {
                        Path dest = target.resolve(source.relativize(p).toString());
                        try {
                            if (Files.isDirectory(p)) {
                                Files.createDirectories(dest);
                            } else {
                                Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
    }

    private static URI toUri(URL url) {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad resource URL " + url, e);
        }
    }
}
