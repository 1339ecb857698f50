package io.herald.bench.server;

import io.herald.bench.load.GeneratorSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes to nchan: an HTTP POST of the content to {@code /pub/<channel>}, from a pool of threads
 * that each keep their HTTP/1.1 connection alive, so that the publisher keeps up with 1,000 and
 * more messages/s. (The JDK's asynchronous HttpClient fell seconds behind at 500/s.)
 */
final class HttpPostPublisher implements Publisher {
    private static final int THREADS = 8;
    private final int port;
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();

    HttpPostPublisher(int port) {
        System.setProperty("http.maxConnections", Integer.toString(THREADS));
        this.port = port;
    }

    @Override
    public void publish(int subject, byte[] content) {
        pending.incrementAndGet();
        pool.execute(
                () -> {
                    post(GeneratorSpec.channel(subject), content);
                    pending.decrementAndGet();
                });
    }

    private void post(String channel, byte[] content) {
        try {
            HttpURLConnection c =
                    (HttpURLConnection)
                            URI.create("http://127.0.0.1:" + port + "/pub/" + channel)
                                    .toURL()
                                    .openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(content.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(content);
            }
            int status = c.getResponseCode();
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                if (in != null) {
                    in.readAllBytes(); // read to the end, so the connection is reused
                }
            }
            if (status >= 300) {
                failed.incrementAndGet();
            }
        } catch (IOException e) {
            failed.incrementAndGet();
        }
    }

    @Override
    public long refused() {
        return failed.get();
    }

    @Override
    public void flush() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
