package io.dmzstream.tools.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A standalone single-node KRaft broker (roles broker and controller) in its own JVM, started from
 * the jars the service depends on: {@code kafka.tools.StorageTool format --standalone}, then
 * {@code kafka.Kafka server.properties}. Loopback listeners on free ports, every replication factor
 * 1; a crashed instance's timed-out transaction is aborted within about a second.
 */
final class BrokerProcess implements AutoCloseable {
    private final ChildJvm jvm;
    private final String bootstrapServers;

    private BrokerProcess(ChildJvm jvm, String bootstrapServers) {
        this.jvm = jvm;
        this.bootstrapServers = bootstrapServers;
    }

    static BrokerProcess start(Path dir) {
        int port = FreePorts.next();
        int controllerPort = FreePorts.next();
        Path logDirs = dir.resolve("data");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDirs.toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("group.min.session.timeout.ms", "1000");
        p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        Path properties = dir.resolve("server.properties");
        try {
            Files.createDirectories(dir);
            Files.writeString(properties, p.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("\n", "", "\n")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> jvmOptions = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + LogConfig.quiet(dir));
        Path log = dir.resolve("broker.log");
        // StorageTool expects the 22-character base64 form of a UUID
        try (ChildJvm format = ChildJvm.start("storage-format", jvmOptions, "kafka.tools.StorageTool",
                List.of("format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString(), "--standalone"),
                log)) {
            int status = format.waitFor(120_000).orElseThrow(() ->
                    new IllegalStateException("formatting the broker's storage did not finish in 120 s"));
            if (status != 0) {
                throw new IllegalStateException("formatting the broker's storage failed:\n" + format.logTail(20));
            }
        }
        ChildJvm jvm = ChildJvm.start("broker", jvmOptions, "kafka.Kafka", List.of(properties.toString()), log);
        BrokerProcess broker = new BrokerProcess(jvm, "127.0.0.1:" + port);
        try {
            broker.awaitReady(120);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    private void awaitReady(int seconds) {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        try (Admin admin = admin()) {
            while (true) {
                if (!jvm.alive()) {
                    throw new IllegalStateException("the broker exited during start-up:\n" + jvm.logTail(30));
                }
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("the broker did not answer within " + seconds + " s:\n"
                                + jvm.logTail(30), e);
                    }
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        jvm.terminate(10_000);
    }
}
