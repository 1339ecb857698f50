package io.herald.bench.publish;

import io.herald.bench.load.GeneratorSpec;
import io.herald.client.HeraldClient;
import io.herald.client.HeraldClientConfig;
import io.herald.client.HeraldErrorException;
import io.herald.client.HeraldListener;
import io.herald.wire.Subject;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One Java SDK client, default settings, publishing {@code rate} messages a second for {@code
 * seconds} through one edge, spread over {@code subjects} subjects, every message tallied.
 */
public final class JavaSdkPublisher {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private JavaSdkPublisher() {}

    /** Publishes, waits (at most two minutes) for every answer, and returns when all are in. */
    public static void run(
            int port, int rate, int seconds, int subjects, int bytes, PublishTally tally)
            throws Exception {
        URI edge = URI.create("ws://127.0.0.1:" + port + "/ws");
        try (HeraldClient client =
                HeraldClient.create(
                        HeraldClientConfig.builder(List.of(edge)).build(),
                        new HeraldListener() {})) {
            client.start();
            client.publish(Subject.parse(GeneratorSpec.subject(0)), "warm")
                    .get(2, TimeUnit.MINUTES);
            List<Subject> names =
                    java.util.stream.IntStream.range(0, subjects)
                            .mapToObj(i -> Subject.parse(GeneratorSpec.subject(i)))
                            .toList();
            String content = "x".repeat(bytes);
            int total = rate * seconds;
            CompletableFuture<?>[] answers = new CompletableFuture<?>[total];
            long start = System.nanoTime();
            // In ticks of 10 ms, as many as the rate owes by then (as bench/publish.mjs does): a
            // wake-up per message would cost the publisher's process more than its publishes.
            int sent = 0;
            while (sent < total) {
                long owed = (System.nanoTime() - start) * rate / TimeUnit.SECONDS.toNanos(1) + 1;
                for (; sent < Math.min(total, owed); sent++) {
                    answers[sent] = publish(client, names.get(sent % subjects), content, tally);
                }
                LockSupport.parkNanos(TICK_NANOS);
            }
            CompletableFuture.allOf(answers).handle((ok, error) -> null).get(2, TimeUnit.MINUTES);
        }
    }

    private static CompletableFuture<?> publish(
            HeraldClient client, Subject subject, String content, PublishTally tally) {
        long sent = System.nanoTime();
        return client.publish(subject, content)
                .whenComplete(
                        (position, error) -> {
                            if (error == null) {
                                tally.acked(sent, System.nanoTime());
                            } else {
                                count(error, tally);
                            }
                        });
    }

    private static void count(Throwable error, PublishTally tally) {
        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
        if (cause instanceof HeraldErrorException e) {
            if (e.fromEdge()) {
                tally.refused();
            } else {
                tally.clientFailed();
            }
        } else {
            tally.closed();
        }
    }
}
