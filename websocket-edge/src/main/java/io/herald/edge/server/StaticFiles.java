package io.herald.edge.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Files under one directory, served at {@code /} ({@code index.html} for a directory). Safe: the
 * decoded path may not hold NUL, backslashes, nor any segment starting with a dot ({@code ..},
 * {@code .git/config}, {@code .env}: hidden files and folders are not served), the resolved real
 * path (symlinks followed) must stay under the root, only regular files are served, and the content
 * type comes from a fixed table. It only finds files: {@link HttpRequestHandler} streams them.
 */
final class StaticFiles {

    private static final Map<String, String> TYPES =
            Map.ofEntries(
                    Map.entry("html", "text/html; charset=utf-8"),
                    Map.entry("htm", "text/html; charset=utf-8"),
                    Map.entry("js", "text/javascript; charset=utf-8"),
                    Map.entry("mjs", "text/javascript; charset=utf-8"),
                    Map.entry("css", "text/css; charset=utf-8"),
                    Map.entry("json", "application/json"),
                    Map.entry("map", "application/json"),
                    Map.entry("txt", "text/plain; charset=utf-8"),
                    Map.entry("svg", "image/svg+xml"),
                    Map.entry("png", "image/png"),
                    Map.entry("ico", "image/x-icon"),
                    Map.entry("wasm", "application/wasm"));

    /** A file to send: where it is, its length and content type. */
    record File(Path path, long length, String contentType) {}

    private final Path root;

    StaticFiles(Path root) throws IOException {
        this.root = root.toRealPath();
    }

    /** The file for a decoded request path, or null when there is none (or it is refused). */
    File find(String decodedPath) {
        if (decodedPath.isEmpty()
                || decodedPath.charAt(0) != '/'
                || decodedPath.indexOf('\0') >= 0
                || decodedPath.indexOf('\\') >= 0) {
            return null;
        }
        for (String segment : decodedPath.split("/")) {
            if (segment.startsWith(".")) {
                return null;
            }
        }
        try {
            Path p = root.resolve(decodedPath.substring(1)).normalize();
            if (Files.isDirectory(p)) {
                p = p.resolve("index.html");
            }
            if (!Files.isRegularFile(p)) {
                return null;
            }
            Path real = p.toRealPath();
            if (!real.startsWith(root)) {
                return null;
            }
            return new File(real, Files.size(real), contentType(real));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String contentType(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
