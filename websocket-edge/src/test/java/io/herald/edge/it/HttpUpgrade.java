package io.herald.edge.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket upgrade request written by hand, with the headers a test chooses (an {@code Origin}),
 * whose HTTP answer (status and headers) it reads. The socket stays open, so an accepted upgrade
 * holds its connection until {@link #close()}.
 */
final class HttpUpgrade implements AutoCloseable {
    private final Socket socket;
    private final String head;

    private HttpUpgrade(Socket socket, String head) {
        this.socket = socket;
        this.head = head;
    }

    /** Sends the upgrade to {@code /ws} with {@code origin} (null: no Origin header). */
    static HttpUpgrade send(int port, String origin) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        return new HttpUpgrade(
                s, exchange(s, port, origin == null ? "" : "Origin: " + origin + "\r\n"));
    }

    /**
     * Writes an upgrade request with {@code extraHeaders} (each ending in CRLF) on {@code s} and
     * returns the response head, blank line included.
     */
    static String exchange(Socket s, int port, String extraHeaders) throws IOException {
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        String request =
                "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:"
                        + port
                        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                        + Base64.getEncoder().encodeToString(key)
                        + "\r\n"
                        + extraHeaders
                        + "\r\n";
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** The HTTP status of the answer (101 when the upgrade was accepted). */
    int status() {
        String[] statusLine = head.split("\r\n", 2)[0].split(" ");
        return statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : -1;
    }

    /** A response header's value, or null. */
    String header(String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0
                    && line.substring(0, colon)
                            .trim()
                            .toLowerCase(Locale.ROOT)
                            .equals(name.toLowerCase(Locale.ROOT))) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
