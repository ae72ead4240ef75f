package io.dmzstream.topology.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.schemas.testing.FakeRegistryServer;
import io.dmzstream.schemas.testing.FakeRegistryServer.Response;
import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.testing.CapturedLogs;
import io.dmzstream.topology.testing.SharedKafka;
import io.dmzstream.topology.testing.TestConfigs;
import io.dmzstream.topology.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client keys of the service configuration reach the service's serdes: the password
 * of a {@code DMZ_} environment variable arrives verbatim ({@code +}, {@code %}, {@code :} and a
 * space included), and a registry that refuses it stops start-up with a message naming the
 * registry and the status, never the password. The same against the real registry:
 * {@link AuthenticatedRegistryIT}.
 */
class RegistryCredentialsTest {
    private static final String USER_INFO = "dmz-user:p+a%s:s w0rd";

    @TempDir
    Path tmp;

    private DmzStreamConfig config(String name, String registryUrl) throws Exception {
        Path file = tmp.resolve(name + ".properties");
        Files.writeString(file, "schema.registry.url=" + registryUrl + "\n"
                + "schema.registry.basic.auth.credentials.source=USER_INFO\n"
                + "schema.registry.max.retries=0\n");
        return DmzStreamConfig.load(file, Map.of("DMZ_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", USER_INFO))
                .with(TestConfigs.props(name, tmp.resolve(name)));
    }

    @Test
    void refusedCredentialsStopStartUpNamingTheRegistryAndTheStatusNotThePassword() throws Exception {
        try (FakeRegistryServer registry = new FakeRegistryServer();
             CapturedLogs logs = new CapturedLogs()) {
            registry.answer(Response.json(401, "{\"error_code\":40101,\"message\":\"Unauthorized\"}"));
            DmzStreamConfig config = config("refused", registry.url());

            ConfigException e = assertThrows(ConfigException.class,
                    () -> DmzStreamService.create(config, SharedKafka.get().bootstrapServers(), TestModels.source()).close());
            assertTrue(e.getMessage().startsWith("Schema registry at " + registry.url()
                    + " refused the credentials: HTTP 401 to GET /config"), e.getMessage());
            assertFalse(e.getMessage().contains("w0rd"), e.getMessage());
            assertFalse(logs.text().contains("w0rd"), logs.text());
            assertEquals("Basic " + Base64.getEncoder().encodeToString(USER_INFO.getBytes(StandardCharsets.UTF_8)),
                    registry.requests().get(0).authorization(), "the password as configured, not decoded");
        }
    }

    @Test
    void anUnreachableRegistryDoesNotStopStartUp() throws Exception {
        String url;
        try (FakeRegistryServer gone = new FakeRegistryServer()) {
            url = gone.url();
        }
        // records that need the registry wait for it (RegistryOutageTest); the instance itself starts
        DmzStreamService.create(config("unreachable", url), SharedKafka.get().bootstrapServers(), TestModels.source())
                .close();
    }
}
