package io.herald.failover.load;

import io.herald.client.HeraldClient;
import io.herald.client.HeraldClientConfig;
import io.herald.client.HeraldListener;
import io.herald.failover.check.FaultTimeline;
import io.herald.failover.check.ReaderLog;
import io.herald.failover.check.ReaderTotals;
import io.herald.wire.Position;
import io.herald.wire.Subject;
import io.herald.wire.frame.EdgeFrame;
import io.herald.wire.frame.Recovery;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Subscribing clients ({@link HeraldClient}, the real Java client) in the test JVM, each with its
 * own {@link ReaderLog} fed from its callbacks. Client {@code i} subscribes, live, to {@code
 * perClient} consecutive subjects starting at {@code i * perClient} (modulo the subject count), so
 * every subject has the same number of subscribers. The client reconnects and resumes on its own;
 * the pool only records what it delivers.
 */
public final class SubscriberPool implements AutoCloseable {

    private final List<HeraldClient> clients = new ArrayList<>();
    private final List<ReaderLog> logs = new ArrayList<>();
    private final AtomicLong badContent = new AtomicLong();

    private SubscriberPool() {}

    /**
     * Starts {@code count} clients on {@code edges} and waits until every subscription is
     * confirmed.
     */
    public static SubscriberPool start(
            String name,
            int count,
            List<URI> edges,
            List<Subject> subjects,
            int perClient,
            FaultTimeline faults,
            Duration timeout)
            throws Exception {
        SubscriberPool pool = new SubscriberPool();
        try {
            List<CompletableFuture<?>> subscribed = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                List<Subject> mine = new ArrayList<>();
                for (int j = 0; j < perClient; j++) {
                    mine.add(subjects.get((i * perClient + j) % subjects.size()));
                }
                ReaderLog log =
                        new ReaderLog(
                                name + "-client-" + i,
                                mine.stream().map(Subject::toString).toList(),
                                faults);
                HeraldClient client =
                        HeraldClient.create(
                                HeraldClientConfig.builder(edges).build(), pool.listener(log));
                pool.logs.add(log);
                pool.clients.add(client);
                client.start();
                mine.forEach(s -> subscribed.add(client.subscribe(s)));
            }
            CompletableFuture.allOf(subscribed.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception | Error e) {
            pool.close();
            throw e;
        }
        return pool;
    }

    private HeraldListener listener(ReaderLog log) {
        return new HeraldListener() {
            @Override
            public void onMessage(EdgeFrame.Message m) {
                long received = System.nanoTime();
                LoadMessage load;
                try {
                    load = LoadMessage.parse(m.content());
                } catch (IllegalArgumentException e) {
                    badContent.incrementAndGet();
                    return;
                }
                log.delivered(
                        m.subject().toString(),
                        m.position().epoch(),
                        m.position().seq(),
                        load.number(),
                        load.publishedNanos(),
                        received);
            }

            @Override
            public void onSubscribed(Subject subject, Recovery recovery, Position head) {
                log.subscribed(subject.toString(), recovery != Recovery.NONE, recovery.wireName());
            }
        };
    }

    /** Whether every client has every message published so far on each of its subjects. */
    public boolean allHaveEverything(Map<String, Long> published) {
        return logs.stream().allMatch(l -> l.hasAll(published));
    }

    /** Whether every client has received at least one message on each of its subjects. */
    public boolean allFlowing() {
        return logs.stream().allMatch(ReaderLog::receivingOnEverySubject);
    }

    /** Whether every client has received a message published after every fault. */
    public boolean allRecovered() {
        return logs.stream().allMatch(ReaderLog::recoveredFromAllFaults);
    }

    /** Messages whose content was not a load message (always 0 in these tests). */
    public long badContent() {
        return badContent.get();
    }

    /** The clients' totals, summed. */
    public ReaderTotals totals(Map<String, Long> published) {
        return logs.stream()
                .map(l -> l.totals(published))
                .reduce(ReaderTotals.none(), ReaderTotals::plus);
    }

    @Override
    public void close() {
        clients.parallelStream().forEach(HeraldClient::close);
    }
}
