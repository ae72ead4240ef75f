package io.dmzstream.topology.run;

import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.embedded.EmbeddedKafka;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Where Kafka is for a command: the configured cluster, or an in-process broker when none is configured. */
public final class KafkaRuntime implements AutoCloseable {
    private final EmbeddedKafka embedded;
    private final String bootstrapServers;

    private KafkaRuntime(EmbeddedKafka embedded, String bootstrapServers) {
        this.embedded = embedded;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts an embedded broker (and creates the topics) when bootstrap.servers is empty. */
    public static KafkaRuntime resolve(DmzStreamConfig config) {
        if (!config.embeddedBroker()) {
            return new KafkaRuntime(null, config.getString(DmzStreamConfig.BOOTSTRAP_SERVERS));
        }
        EmbeddedKafka kafka = EmbeddedKafka.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            DmzStreamService.createTopics(admin, config);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return new KafkaRuntime(kafka, kafka.bootstrapServers());
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean embedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
