package io.herald.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** The admin clients of Herald's processes and tools, made one way. */
public final class KafkaAdmins {

    /** The longest a single request waits, within the client's whole-call timeout. */
    static final Duration MAX_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private KafkaAdmins() {}

    /**
     * An admin client of {@code bootstrapServers} whose calls give up after {@code timeout} (each
     * request after at most {@link #MAX_REQUEST_TIMEOUT}: Kafka refuses a request timeout above the
     * call's), with the security settings of {@code clientFile}. The caller closes it.
     */
    public static Admin create(
            String bootstrapServers,
            KafkaClientFile clientFile,
            String clientId,
            Duration timeout) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        int millis = (int) timeout.toMillis();
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        settings.put(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) Math.min(millis, MAX_REQUEST_TIMEOUT.toMillis()));
        // Kafka instantiates its plugins (metrics reporters, login modules) through the thread's
        // context class loader: inside a job jar (flink run, a REST submission) that may be the
        // cluster's loader, whose Kafka classes are not the jar's. Use the loader of these classes.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(KafkaAdmins.class.getClassLoader());
        try {
            return Admin.create(clientFile.apply(settings));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
