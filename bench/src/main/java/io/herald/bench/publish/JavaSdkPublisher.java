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
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            for (int i = 0; i < total; i++) {
                long due = start + i * interval;
                long early = due - System.nanoTime();
                if (early > 0) {
                    LockSupport.parkNanos(early);
                }
                long sent = System.nanoTime();
                answers[i] =
                        client.publish(names.get(i % subjects), content)
                                .whenComplete(
                                        (position, error) -> {
                                            if (error == null) {
                                                tally.acked(sent, System.nanoTime());
                                            } else {
                                                count(error, tally);
                                            }
                                        });
            }
            CompletableFuture.allOf(answers).handle((ok, error) -> null).get(2, TimeUnit.MINUTES);
        }
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
