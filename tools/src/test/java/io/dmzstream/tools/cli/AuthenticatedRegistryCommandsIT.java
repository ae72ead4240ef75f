package io.dmzstream.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.schemas.testing.AuthenticatingProxy;
import io.dmzstream.schemas.testing.RegistryUnderTest;
import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.testing.SharedKafka;
import io.dmzstream.topology.testing.TestConfigs;
import io.dmzstream.topology.testing.TestModels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code produce} and {@code consume} against the real registry behind an authenticating proxy,
 * with the service between them: the registry keys of their {@code --config} file reach their
 * serdes, and a wrong password is one clear error naming the registry and the status, never the password.
 */
class AuthenticatedRegistryCommandsIT {
    private static final String USER = "dmz-user";
    private static final String PASSWORD = "p+a%s:s w0rd";

    @TempDir
    Path tmp;
    private AuthenticatingProxy proxy;

    @BeforeEach
    void startProxy() throws IOException {
        proxy = new AuthenticatingProxy(RegistryUnderTest.ccompatUrl(), USER, PASSWORD);
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    private Path configFile(String name, String password) throws IOException {
        Properties p = new Properties();
        TestConfigs.props(name, tmp.resolve(name + "-state")).forEach((k, v) -> p.setProperty(k, String.valueOf(v)));
        p.setProperty(DmzStreamConfig.BOOTSTRAP_SERVERS, SharedKafka.get().bootstrapServers());
        p.setProperty("schema.registry.url", proxy.url());
        p.setProperty("basic.auth.credentials.source", "USER_INFO");
        p.setProperty("basic.auth.user.info", USER + ":" + password);
        Path file = tmp.resolve(name + ".properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, null);
        }
        return file;
    }

    /** Digits-sized grey PNGs in a folder named after the domain they are sent as. */
    private Path pngFolder(int count) throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("mnist"));
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setSample(i, i, 0, 255);
            ImageIO.write(image, "png", folder.resolve("digit-" + i + ".png").toFile());
        }
        return folder;
    }

    @Test
    void produceAndConsumeUseTheRegistryKeysOfTheirConfigFile() throws Exception {
        Path file = configFile(RegistryUnderTest.unique("cli-auth"), PASSWORD);
        int n = 3;
        try (DmzStreamService service = DmzStreamService.start(DmzStreamConfig.load(file, Map.of()),
                SharedKafka.get().bootstrapServers(), TestModels.source())) {
            assertEquals(0, new CommandLine(new Main()).execute("produce", "--config", file.toString(),
                    "--source", pngFolder(n).toString(), "-n", String.valueOf(n), "--outputs", "LABEL"));

            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            PrintStream stdout = System.out;
            AtomicInteger exit = new AtomicInteger(-1);
            Thread consume = new Thread(() -> exit.set(new CommandLine(new Main())
                    .execute("consume", "--config", file.toString(), "-n", String.valueOf(n))), "consume");
            consume.setDaemon(true); // a consume that never finishes must not keep the test JVM alive
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            try {
                consume.start();
                consume.join(120_000);
            } finally {
                System.setOut(stdout);
            }
            assertFalse(consume.isAlive(), "consume decoded no outputs: " + printed.toString(StandardCharsets.UTF_8));
            assertEquals(0, exit.get());
            String lines = printed.toString(StandardCharsets.UTF_8);
            assertEquals(n, lines.lines().filter(l -> l.startsWith("label")).count(), lines);
        }
        assertEquals(0, proxy.refused(), "every call carried the credentials");
    }

    @Test
    void aWrongPasswordIsOneClearErrorOfProduce() throws Exception {
        Path file = configFile(RegistryUnderTest.unique("cli-wrong"), PASSWORD + "-old");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("produce", "--config", file.toString(), "--source", pngFolder(1).toString(), "-n", "1");
        assertNotEquals(0, exit);
        assertTrue(err.toString().contains("Schema registry at " + proxy.url() + " refused the credentials: HTTP 401"),
                err.toString());
        assertFalse(err.toString().contains("w0rd"), err.toString());
    }
}
