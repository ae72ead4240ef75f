package io.dmzstream.schemas.testing;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real registry the *IT tests talk to, started by ops/registry/start-registry.sh and passed as
 * {@code -Ddmz.registry.url=http://127.0.0.1:PORT/apis/ccompat/v7}. Missing URL = failure, never a skip.
 */
public final class RegistryUnderTest {

    public static final String URL_PROPERTY = "dmz.registry.url";
    private static final String CCOMPAT_PATH = "/apis/ccompat/v7";

    private RegistryUnderTest() {
    }

    /** Confluent-compatible API base. */
    public static String ccompatUrl() {
        String url = System.getProperty(URL_PROPERTY);
        if (url == null || url.isBlank() || url.startsWith("${")) {
            fail("integration tests need a registry: start ops/registry/start-registry.sh and pass -D" + URL_PROPERTY
                + "=<the URL it prints> (see ops/registry/CI.md)");
        }
        return url.trim().replaceAll("/+$", "");
    }

    /** Apicurio's native v2 API on the same server, for Apicurio's own serdes. */
    public static String apicurioUrl() {
        String ccompat = ccompatUrl();
        if (!ccompat.endsWith(CCOMPAT_PATH)) {
            fail(URL_PROPERTY + " must end with " + CCOMPAT_PATH + " for the Apicurio interop test, was " + ccompat);
        }
        return ccompat.substring(0, ccompat.length() - CCOMPAT_PATH.length()) + "/apis/registry/v2";
    }

    /** Subjects and topics are unique per test run: the registry outlives a single run. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
