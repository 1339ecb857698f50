package io.herald.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {

    @Test
    void startsABrokerThatTakesTransactionsAndServesReadCommitted() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("t", 2);
            try (KafkaProducer<byte[], byte[]> p =
                    kafka.producer(java.util.Map.of("transactional.id", "tx-test"))) {
                p.initTransactions();
                p.beginTransaction();
                p.send(
                        new ProducerRecord<>(
                                "t", "k".getBytes(StandardCharsets.UTF_8), new byte[1]));
                p.commitTransaction();
                p.beginTransaction();
                p.send(
                        new ProducerRecord<>(
                                "t", "k".getBytes(StandardCharsets.UTF_8), new byte[2]));
                p.abortTransaction();
            }
            List<ConsumerRecord<byte[], byte[]>> read =
                    kafka.readAll("t", 2, Duration.ofSeconds(3));
            assertThat(read).hasSize(1);
            assertThat(read.get(0).value()).hasSize(1);
        }
    }
}
