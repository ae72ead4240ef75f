package io.dmzstream.schemas.registry;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Settings of {@link HttpSchemaRegistryClient}. Key names follow Confluent's where Confluent has
 * one, so existing producer/consumer configs work unchanged.
 *
 * <p>Every key may also be given with the {@value #PREFIX} prefix (so
 * {@code schema.registry.basic.auth.user.info} is {@link #BASIC_AUTH_USER_INFO_CONFIG}), and
 * Confluent's client names are accepted for the timeouts and retries ({@code http.connect.timeout.ms},
 * {@code http.read.timeout.ms}, {@code max.retries}, {@code retries.wait.ms}, {@code retries.max.wait.ms}).
 * Keys that mean nothing here are ignored, so a whole service or Kafka client configuration can be
 * passed in; two spellings of one key with different values are an error.
 *
 * <p>The configuration is validated when it is built: a malformed URL, missing credentials or an
 * unreadable trust store fail here, with a {@link ConfigException} that never shows credentials.
 * {@link #toString()} hides them too.
 */
public class SchemaRegistryConfig extends AbstractConfig {

    /** Optional prefix of every key: {@code schema.registry.basic.auth.user.info} = {@code basic.auth.user.info}. */
    public static final String PREFIX = "schema.registry.";

    /**
     * Base URL of a registry speaking the Confluent REST API, e.g. {@code http://localhost:8081} or
     * Apicurio's {@code http://host:8080/apis/ccompat/v7}. One URL (put a load balancer in front of
     * several instances). May carry {@code user:password@} (percent-encoded, {@code %25} for a
     * literal {@code %}) when {@link #BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG} is {@code URL}. No
     * default: serdes without it use the registry-less single-object encoding.
     */
    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";

    /**
     * Where HTTP basic-auth credentials come from: {@code USER_INFO} (from
     * {@link #BASIC_AUTH_USER_INFO_CONFIG}) or {@code URL} (the user-info part of the registry URL,
     * if any). Default {@code URL}, as in Confluent's client.
     */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";

    /**
     * {@code user:password} for basic auth when the credentials source is {@code USER_INFO}, taken
     * verbatim (no decoding) and split at the first colon, so the password may contain {@code :},
     * {@code +} or {@code %}. Never logged.
     */
    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";

    /**
     * Trust store (file) for {@code https://} registries whose certificate the JVM's default trust
     * store does not vouch for. Default: the JVM trust store ({@code javax.net.ssl.trustStore}).
     */
    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = "schema.registry.ssl.truststore.location";

    /** Password of {@link #SSL_TRUSTSTORE_LOCATION_CONFIG}, if it has one. Never logged. */
    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = "schema.registry.ssl.truststore.password";

    /** Type of {@link #SSL_TRUSTSTORE_LOCATION_CONFIG}: {@code PKCS12} (default; also reads JKS files) or {@code JKS}. */
    public static final String SSL_TRUSTSTORE_TYPE_CONFIG = "schema.registry.ssl.truststore.type";

    /** Milliseconds allowed to open a TCP (and TLS) connection to the registry. Default 5000. Confluent name: {@code http.connect.timeout.ms}. */
    public static final String CONNECT_TIMEOUT_MS_CONFIG = "schema.registry.connect.timeout.ms";

    /** Milliseconds allowed for one HTTP request, from sending to the full response. Default 10000. Confluent name: {@code http.read.timeout.ms}. */
    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";

    /**
     * Retries after a failed attempt (I/O error, timeout, HTTP 5xx, 408 or 429) before the call
     * fails with {@link RegistryUnavailableException}. Other answers are never retried by the client.
     * Default 3. Confluent name: {@code max.retries}.
     */
    public static final String MAX_RETRIES_CONFIG = "schema.registry.max.retries";

    /** Backoff before the first retry in ms; doubled for each further retry up to the maximum. Default 100. Confluent name: {@code retries.wait.ms}. */
    public static final String RETRY_BACKOFF_MS_CONFIG = "schema.registry.retry.backoff.ms";

    /** Upper bound of the retry backoff in milliseconds. Default 2000. Confluent name: {@code retries.max.wait.ms}. */
    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "schema.registry.retry.backoff.max.ms";

    /** Entries kept in each cache of schemas and ids (client and serdes). Default 1000. */
    public static final String CACHE_CAPACITY_CONFIG = "schema.registry.cache.capacity";

    /**
     * Seconds a "no such schema id" answer (HTTP 404) is remembered, so that records naming the
     * same unknown id fail without a registry call. 0 = not remembered. Default 60.
     */
    public static final String MISSING_ID_CACHE_TTL_SEC_CONFIG = "missing.id.cache.ttl.sec";

    /** Unknown schema ids remembered at most (least recently used go first). Default 10000. */
    public static final String MISSING_CACHE_SIZE_CONFIG = "missing.cache.size";

    /**
     * Registry calls per second, at most, for schema ids the client has not cached yet (known or
     * unknown); bursts of the same size. Callers over the rate wait. Default 20.
     */
    public static final String ID_LOOKUPS_PER_SEC_CONFIG = "schema.registry.id.lookups.per.sec";

    public static final String CREDENTIALS_SOURCE_USER_INFO = "USER_INFO";
    public static final String CREDENTIALS_SOURCE_URL = "URL";

    /** Confluent client names for our keys (also accepted with {@link #PREFIX}). */
    private static final Map<String, String> CONFLUENT_NAMES = Map.of(
        "http.connect.timeout.ms", CONNECT_TIMEOUT_MS_CONFIG,
        "http.read.timeout.ms", REQUEST_TIMEOUT_MS_CONFIG,
        "max.retries", MAX_RETRIES_CONFIG,
        "retries.wait.ms", RETRY_BACKOFF_MS_CONFIG,
        "retries.max.wait.ms", RETRY_BACKOFF_MAX_MS_CONFIG);

    private static final ConfigDef CONFIG = defineRegistryKeys(new ConfigDef());

    private final RegistryEndpoint endpoint;
    private final SSLContext sslContext;

    public SchemaRegistryConfig(Map<?, ?> originals) {
        this(CONFIG, originals);
    }

    /** For configs that extend this key set (see {@link #defineRegistryKeys}). */
    protected SchemaRegistryConfig(ConfigDef definition, Map<?, ?> originals) {
        super(definition, canonicalKeys(definition.names(), originals), false);
        String url = registryUrl();
        this.endpoint = url == null ? null : RegistryEndpoint.parse(url, getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG),
            passwordValue(BASIC_AUTH_USER_INFO_CONFIG));
        String trustStore = getString(SSL_TRUSTSTORE_LOCATION_CONFIG);
        this.sslContext = url == null || trustStore == null || trustStore.isBlank() ? null
            : trustStoreContext(trustStore.trim(), passwordValue(SSL_TRUSTSTORE_PASSWORD_CONFIG),
                getString(SSL_TRUSTSTORE_TYPE_CONFIG));
    }

    /** Adds the registry keys to {@code def}, so serde configs can embed them. */
    public static ConfigDef defineRegistryKeys(ConfigDef def) {
        return def
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.STRING, null, Importance.HIGH,
                "Base URL of a Confluent-API schema registry; absent = registry-less single-object encoding.")
            .define(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, Type.STRING, CREDENTIALS_SOURCE_URL,
                ValidString.in(CREDENTIALS_SOURCE_USER_INFO, CREDENTIALS_SOURCE_URL), Importance.MEDIUM,
                "Where basic-auth credentials come from: USER_INFO or URL.")
            .define(BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                "user:password for basic auth when the credentials source is USER_INFO.")
            .define(SSL_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.MEDIUM,
                "Trust store file for an https registry; absent = the JVM trust store.")
            .define(SSL_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                "Password of the trust store.")
            .define(SSL_TRUSTSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", Importance.LOW,
                "Trust store type: PKCS12 or JKS.")
            .define(CONNECT_TIMEOUT_MS_CONFIG, Type.INT, 5_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                "Connect timeout in ms.")
            .define(REQUEST_TIMEOUT_MS_CONFIG, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                "Per-request timeout in ms.")
            .define(MAX_RETRIES_CONFIG, Type.INT, 3, ConfigDef.Range.atLeast(0), Importance.LOW,
                "Retries on I/O errors, timeouts and 5xx/408/429 answers.")
            .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, 100L, ConfigDef.Range.atLeast(0), Importance.LOW,
                "Initial retry backoff in ms, doubled per retry.")
            .define(RETRY_BACKOFF_MAX_MS_CONFIG, Type.LONG, 2_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                "Maximum retry backoff in ms.")
            .define(CACHE_CAPACITY_CONFIG, Type.INT, 1_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                "Entries per schema/id cache.")
            .define(MISSING_ID_CACHE_TTL_SEC_CONFIG, Type.LONG, 60L, ConfigDef.Range.atLeast(0), Importance.LOW,
                "Seconds an unknown schema id is remembered; 0 = not at all.")
            .define(MISSING_CACHE_SIZE_CONFIG, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                "Unknown schema ids remembered at most.")
            .define(ID_LOOKUPS_PER_SEC_CONFIG, Type.INT, 20, ConfigDef.Range.atLeast(1), Importance.LOW,
                "Registry calls per second for schema ids not cached yet.");
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** Whether {@code key} names one of the registry settings, in any accepted spelling ({@value #PREFIX}ed, Confluent's). */
    public static boolean isRegistryKey(String key) {
        return canonicalName(key, CONFIG.names()) != null;
    }

    /** {@code url} with any {@code user:password@} replaced by {@code ***@}; safe to log whatever the value. */
    public static String redactUrl(String url) {
        return RegistryEndpoint.redact(url);
    }

    /** Whether a registry URL is configured (blank counts as none). */
    public boolean usesRegistry() {
        return endpoint != null;
    }

    /** The registry URL without credentials (for logs and messages), or empty when none is configured. */
    public Optional<String> registryBaseUrl() {
        return Optional.ofNullable(endpoint).map(RegistryEndpoint::baseUrl);
    }

    /** Lists every setting; the URL's credentials and every password are hidden. */
    @Override
    public String toString() {
        StringJoiner settings = new StringJoiner(", ", getClass().getSimpleName() + "{", "}");
        new TreeMap<>(values()).forEach((key, value) -> settings.add(key + "="
            + (SCHEMA_REGISTRY_URL_CONFIG.equals(key) && value != null ? redactUrl(value.toString()) : value)));
        return settings.toString();
    }

    RegistryEndpoint endpoint() {
        if (endpoint == null) {
            throw new ConfigException(SCHEMA_REGISTRY_URL_CONFIG + " is not set");
        }
        return endpoint;
    }

    Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    RetryPolicy retryPolicy() {
        return new RetryPolicy(getInt(MAX_RETRIES_CONFIG), getLong(RETRY_BACKOFF_MS_CONFIG),
            getLong(RETRY_BACKOFF_MAX_MS_CONFIG));
    }

    private String registryUrl() {
        String url = getString(SCHEMA_REGISTRY_URL_CONFIG);
        return url == null || url.isBlank() ? null : url.trim();
    }

    private String passwordValue(String key) {
        Password password = getPassword(key);
        return password == null ? null : password.value();
    }

    /**
     * The entries of {@code originals} that name one of {@code known}, under their canonical name
     * ({@link #PREFIX}ed and Confluent spellings folded in); everything else is dropped.
     */
    private static Map<String, Object> canonicalKeys(Set<String> known, Map<?, ?> originals) {
        Map<String, Object> values = new HashMap<>();
        Map<String, String> givenAs = new TreeMap<>();
        for (Map.Entry<?, ?> entry : new TreeMap<>(stringKeys(originals)).entrySet()) {
            String key = (String) entry.getKey();
            String name = canonicalName(key, known);
            if (name == null) {
                continue;
            }
            String earlier = givenAs.putIfAbsent(name, key);
            if (earlier == null) {
                values.put(name, entry.getValue());
            } else if (!sameSetting(values.get(name), entry.getValue())) {
                // values not shown: either may be a password
                throw new ConfigException(earlier + " and " + key + " are two spellings of " + name
                    + " with different values; set only one");
            }
        }
        return values;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> originals) {
        Map<String, Object> strings = new HashMap<>();
        originals.forEach((key, value) -> {
            if (key instanceof String name) {
                strings.put(name, value);
            }
        });
        return strings;
    }

    /** {@code key}'s name among {@code known} (as given, without {@value #PREFIX}, or Confluent's), or null. */
    protected static String canonicalName(String key, Set<String> known) {
        if (known.contains(key)) {
            return key;
        }
        String bare = key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : key;
        if (known.contains(bare)) {
            return bare;
        }
        String confluent = CONFLUENT_NAMES.get(bare);
        return confluent != null && known.contains(confluent) ? confluent : null;
    }

    private static boolean sameSetting(Object a, Object b) {
        return Objects.equals(settingText(a), settingText(b));
    }

    private static String settingText(Object value) {
        if (value instanceof Password password) {
            return password.value();
        }
        return value == null ? null : value.toString().trim();
    }

    private static SSLContext trustStoreContext(String location, String password, String type) {
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // these messages name the file and the problem ("keystore password was incorrect"), never the password
            throw new ConfigException("cannot use the trust store " + location + " (" + SSL_TRUSTSTORE_LOCATION_CONFIG
                + ", type " + type + "): " + e);
        }
    }
}
