package io.dmzstream.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The benchmark's broker really runs in another process, takes records, and goes away on close. */
class BrokerProcessTest {
    @Test
    void aStandaloneBrokerInItsOwnProcess() throws Exception {
        long pid;
        try (BrokerProcess broker = BrokerProcess.start(Duration.ofMinutes(2))) {
            pid = broker.pid();
            assertTrue(pid != ProcessHandle.current().pid());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                assertEquals(0, p.send(new ProducerRecord<>("t", "k", "v")).get(30, TimeUnit.SECONDS).offset());
            }
            assertTrue(broker.cpuNanos() > 0, "the broker's CPU is read from its process");
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "closed: the process is gone");
    }
}
