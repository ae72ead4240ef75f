package io.dmzstream.schemas.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.dmzstream.schemas.ImageEvent;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An https registry with a self-signed certificate, trusted through the trust-store keys (keytool makes the stores). */
class RegistryTlsTest {

    private static final String SERVER_PASSWORD = "server-pass";
    private static final String TRUST_PASSWORD = "tr+u%st:pw";

    @TempDir
    static Path dir;
    private static Path trustStore;
    private static HttpsServer server;

    @BeforeAll
    static void start() throws Exception {
        Path serverStore = dir.resolve("server.p12");
        Path certificate = dir.resolve("registry.crt");
        trustStore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
            "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-keystore", serverStore.toString(),
            "-storetype", "PKCS12", "-storepass", SERVER_PASSWORD, "-keypass", SERVER_PASSWORD);
        keytool("-exportcert", "-alias", "registry", "-keystore", serverStore.toString(), "-storepass", SERVER_PASSWORD,
            "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", certificate.toString(),
            "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", TRUST_PASSWORD);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(serverStore)));
        byte[] answer = new ObjectMapper().createObjectNode().put("schema", ImageEvent.getClassSchema().toString())
            .toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), "keytool " + args[0] + ": " + output);
    }

    private static SSLContext serverContext(Path store) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, SERVER_PASSWORD.toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, SERVER_PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    private static String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void theConfiguredTrustStoreVouchesForTheRegistry() {
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(Map.of(
            "schema.registry.url", url(),
            "schema.registry.ssl.truststore.location", trustStore.toString(),
            "schema.registry.ssl.truststore.password", TRUST_PASSWORD,
            "schema.registry.ssl.truststore.type", "PKCS12"))) {
            assertEquals(ImageEvent.getClassSchema(), client.getById(1));
        }
    }

    @Test
    void withoutItTheHandshakeFailsAsAnOutage() {
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(Map.of(
            "schema.registry.url", url(), "schema.registry.max.retries", 0))) {
            RegistryUnavailableException e = assertThrows(RegistryUnavailableException.class, () -> client.getById(1));
            assertInstanceOf(SSLHandshakeException.class, e.getCause());
            assertTrue(e.getMessage().contains("SSLHandshakeException"), e.getMessage());
        }
    }

    @Test
    void aWrongTrustStorePasswordIsAConfigErrorThatHidesThePasswords() {
        ConfigException e = assertThrows(ConfigException.class, () -> new SchemaRegistryConfig(Map.of(
            "schema.registry.url", url(),
            "schema.registry.ssl.truststore.location", trustStore.toString(),
            "schema.registry.ssl.truststore.password", "wrong+pass")));
        assertTrue(e.getMessage().contains(trustStore.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("wrong+pass"), e.getMessage());
        assertFalse(e.getMessage().contains(TRUST_PASSWORD), e.getMessage());
    }
}
