package io.dmzstream.schemas.registry;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.types.Password;

import java.util.Map;

/**
 * Settings of {@link HttpSchemaRegistryClient}. Key names follow Confluent's where Confluent has
 * one, so existing producer/consumer configs work unchanged.
 *
 * <p>TLS: an {@code https://} URL is verified against the JVM trust store; point it elsewhere with
 * the standard {@code javax.net.ssl.trustStore} / {@code javax.net.ssl.trustStorePassword} system
 * properties.
 */
public class SchemaRegistryConfig extends AbstractConfig {

    /**
     * Base URL of a registry speaking the Confluent REST API, e.g. {@code http://localhost:8081} or
     * Apicurio's {@code http://host:8080/apis/ccompat/v7}. May carry {@code user:password@} when
     * {@link #BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG} is {@code URL}. No default: serdes without it
     * use the registry-less single-object encoding.
     */
    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";

    /**
     * Where HTTP basic-auth credentials come from: {@code USER_INFO} (from
     * {@link #BASIC_AUTH_USER_INFO_CONFIG}) or {@code URL} (the user-info part of the registry URL,
     * if any). Default {@code URL}, as in Confluent's client.
     */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";

    /** {@code user:password} for basic auth when the credentials source is {@code USER_INFO}. Never logged. */
    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";

    /** Milliseconds allowed to open a TCP (and TLS) connection to the registry. Default 5000. */
    public static final String CONNECT_TIMEOUT_MS_CONFIG = "schema.registry.connect.timeout.ms";

    /** Milliseconds allowed for one HTTP request, from sending to the full response. Default 10000. */
    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";

    /**
     * Retries after a failed attempt (I/O error, timeout, HTTP 5xx, 408 or 429) before the call
     * fails with "registry unreachable". 4xx answers are final and never retried. Default 3.
     */
    public static final String MAX_RETRIES_CONFIG = "schema.registry.max.retries";

    /** Backoff before the first retry; doubled for each further retry up to the maximum. Default 100. */
    public static final String RETRY_BACKOFF_MS_CONFIG = "schema.registry.retry.backoff.ms";

    /** Upper bound of the retry backoff in milliseconds. Default 2000. */
    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "schema.registry.retry.backoff.max.ms";

    /** Entries kept in each client cache (schemas by id, ids by subject and schema). Default 1000. */
    public static final String CACHE_CAPACITY_CONFIG = "schema.registry.cache.capacity";

    public static final String CREDENTIALS_SOURCE_USER_INFO = "USER_INFO";
    public static final String CREDENTIALS_SOURCE_URL = "URL";

    private static final ConfigDef CONFIG = defineRegistryKeys(new ConfigDef());

    public SchemaRegistryConfig(Map<?, ?> originals) {
        super(CONFIG, originals, false);
    }

    /** For configs that extend this key set (see {@link #defineRegistryKeys}). */
    protected SchemaRegistryConfig(ConfigDef definition, Map<?, ?> originals) {
        super(definition, originals, false);
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
                "Entries per client cache.");
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /** The registry URL, or null when none is configured (blank counts as none). */
    public String registryUrl() {
        String url = getString(SCHEMA_REGISTRY_URL_CONFIG);
        return url == null || url.isBlank() ? null : url.trim();
    }

    public String credentialsSource() {
        return getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG);
    }

    /** The configured {@code user:password}, or null. */
    public String userInfo() {
        Password password = getPassword(BASIC_AUTH_USER_INFO_CONFIG);
        return password == null ? null : password.value();
    }

    public RetryPolicy retryPolicy() {
        return new RetryPolicy(getInt(MAX_RETRIES_CONFIG), getLong(RETRY_BACKOFF_MS_CONFIG),
            getLong(RETRY_BACKOFF_MAX_MS_CONFIG));
    }
}
