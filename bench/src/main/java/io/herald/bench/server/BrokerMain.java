package io.herald.bench.server;

import io.herald.testing.EmbeddedKafka;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A single-node KRaft Kafka broker as a process of its own ({@link EmbeddedKafka}), so that its CPU
 * is neither the edge's nor the generator's. Creates topic {@code args[0]} with {@code args[1]}
 * partitions, prints {@code bootstrap <servers>}, and stops when its standard input closes.
 */
public final class BrokerMain {
    private BrokerMain() {}

    public static void main(String[] args) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic(args[0], Integer.parseInt(args[1]));
            System.out.println("bootstrap " + kafka.bootstrapServers());
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (in.readLine() != null) {
                // runs until the coordinator closes the pipe
            }
        }
    }
}
