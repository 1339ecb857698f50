package io.herald.savepoints;

import io.herald.kafka.KafkaClientFile;
import io.herald.wire.SequencedHeaders;
import io.herald.wire.SequencedMessage;
import io.herald.wire.SourceRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the job's output topics from their beginning up to their end as of the start of the scan,
 * with {@code isolation.level=read_committed}: of the sequenced topic, each subject's highest
 * position; of both the sequenced and the dead-letter topic, each source partition's highest
 * processed offset (from the {@code source} headers); optionally, the publish ids of the
 * de-duplication window. Records that arrive after the scan started are not read: stop the job
 * before a rebuild.
 *
 * <p>Memory is bounded by the number of subjects (one entry each) and the publishes of one
 * de-duplication window, not by the number of records.
 */
public final class SequencedTopicScanner {

    private static final Logger LOG = LoggerFactory.getLogger(SequencedTopicScanner.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private SequencedTopicScanner() {}

    /** What the records of a topic carry. */
    public enum Kind {
        /** The sequenced topic: subject, position and source. */
        SEQUENCED,
        /** The dead-letter topic: source only. */
        DEAD_LETTER
    }

    /** A read_committed, group-less consumer for the scan; the caller closes it. */
    public static KafkaConsumer<byte[], byte[]> consumer(
            String bootstrapServers, KafkaClientFile clientFile) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "herald-savepoints-rebuild");
        return new KafkaConsumer<>(
                clientFile.apply(props), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Scans every partition of a topic of that kind, keeping no publish ids. Throws
     * TimeoutException when the topic's metadata or its records up to the end offsets cannot be
     * read within {@code timeout}; throws UnknownTopicOrPartitionException when the topic does not
     * exist.
     */
    public static TopicScan scan(
            Consumer<byte[], byte[]> consumer, String topic, Kind kind, Duration timeout)
            throws TimeoutException {
        return scan(consumer, topic, kind, timeout, new TopicScan.Builder());
    }

    /**
     * Scans the sequenced topic as {@link #scan(Consumer, String, Kind, Duration)} does, also
     * keeping the publish ids of the records stamped within {@code dedupWindow} before now (the
     * entries the sequencer's de-duplication window would still hold; none for a zero window).
     */
    public static TopicScan scanSequenced(
            Consumer<byte[], byte[]> consumer, String topic, Duration dedupWindow, Duration timeout)
            throws TimeoutException {
        long since =
                dedupWindow.isZero()
                        ? Long.MAX_VALUE
                        : System.currentTimeMillis() - dedupWindow.toMillis();
        return scan(consumer, topic, Kind.SEQUENCED, timeout, new TopicScan.Builder(since));
    }

    private static TopicScan scan(
            Consumer<byte[], byte[]> consumer,
            String topic,
            Kind kind,
            Duration timeout,
            TopicScan.Builder scan)
            throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new UnknownTopicOrPartitionException("topic " + topic + " does not exist");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, timeout));
        LOG.info(
                "scan starting topic={} partitions={} endOffsets={}",
                topic,
                partitions.size(),
                end);

        while (!reachedEnd(consumer, end)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(
                        "read of "
                                + topic
                                + " did not reach the end offsets "
                                + end
                                + " within "
                                + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                Long stop = end.get(new TopicPartition(r.topic(), r.partition()));
                if (stop != null && r.offset() < stop) {
                    accept(scan, kind, r);
                }
            }
        }
        TopicScan result = scan.build();
        LOG.info("scan finished topic={} {}", topic, result);
        return result;
    }

    private static boolean reachedEnd(
            Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        return end.isEmpty();
    }

    /** A record's headers as the wire module reads them. */
    static SequencedMessage.HeaderLookup headers(ConsumerRecord<byte[], byte[]> r) {
        return name -> {
            Header h = r.headers().lastHeader(name);
            return h == null ? null : h.value();
        };
    }

    private static void accept(
            TopicScan.Builder scan, Kind kind, ConsumerRecord<byte[], byte[]> r) {
        SequencedMessage.HeaderLookup headers = headers(r);
        try {
            if (kind == Kind.SEQUENCED) {
                scan.accept(SequencedMessage.decode(r.key(), r.value(), r.timestamp(), headers));
            } else {
                byte[] source = headers.lastHeader(SequencedHeaders.SOURCE);
                if (source == null) {
                    throw new IllegalArgumentException("dead letter without the 'source' header");
                }
                scan.accept(SourceRef.parse(SequencedHeaders.decodeString(source)));
            }
        } catch (IllegalArgumentException e) {
            String reason =
                    r.topic() + ":" + r.partition() + ":" + r.offset() + ": " + e.getMessage();
            LOG.warn("rejected record reason={}", reason);
            scan.reject(reason);
        }
    }
}
