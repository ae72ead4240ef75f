package io.dmzstream.schemas.serde;

import io.dmzstream.schemas.registry.SchemaRegistryConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;

/**
 * Settings of the specific-record serdes: all {@link SchemaRegistryConfig} keys plus the ones
 * below. Names match Confluent's serializer settings so existing configs carry over; like every
 * registry key they may also carry the {@value SchemaRegistryConfig#PREFIX} prefix
 * ({@code schema.registry.auto.register.schemas}).
 *
 * <p>Without {@link SchemaRegistryConfig#SCHEMA_REGISTRY_URL_CONFIG} the serdes use Avro
 * single-object encoding and ignore every registry key.
 *
 * <p>A service builds one with {@link #fromProperties(Map)} from its whole configuration and hands
 * the same map to each serde's {@code configure}.
 */
public class AvroSerdeConfig extends SchemaRegistryConfig {

    /**
     * Serializer: register the record's schema under its subject when it is not there yet
     * (otherwise only look its id up, and fail if it is not registered). Default true.
     */
    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";

    /**
     * Serializer: tag records with the id of the subject's latest version instead of registering
     * or looking up the record's own schema. The latest version must have the same structure as
     * the record's schema (its Parsing Canonical Form; docs, defaults and properties may differ),
     * otherwise serialization fails with INCOMPATIBLE_SCHEMA rather than write bytes that readers
     * would decode with the wrong schema. Default false.
     */
    public static final String USE_LATEST_VERSION_CONFIG = "use.latest.version";

    /** Seconds a fetched latest version is reused when {@link #USE_LATEST_VERSION_CONFIG} is on; -1 = for the life of the serializer. Default -1. */
    public static final String LATEST_CACHE_TTL_SEC_CONFIG = "latest.cache.ttl.sec";

    /**
     * Class (a {@link SubjectNameStrategy}) naming the subject for record keys. Default
     * {@link TopicNameStrategy} ({@code <topic>-key}). Confluent's class names
     * ({@code io.confluent.kafka.serializers.subject.*}) are accepted and mapped to ours.
     */
    public static final String KEY_SUBJECT_NAME_STRATEGY_CONFIG = "key.subject.name.strategy";

    /** Same as {@link #KEY_SUBJECT_NAME_STRATEGY_CONFIG} for record values ({@code <topic>-value} by default). */
    public static final String VALUE_SUBJECT_NAME_STRATEGY_CONFIG = "value.subject.name.strategy";

    private static final String CONFLUENT_STRATEGY_PACKAGE = "io.confluent.kafka.serializers.subject.";
    private static final Map<String, Class<? extends SubjectNameStrategy>> CONFLUENT_ALIASES = Map.of(
        CONFLUENT_STRATEGY_PACKAGE + "TopicNameStrategy", TopicNameStrategy.class,
        CONFLUENT_STRATEGY_PACKAGE + "RecordNameStrategy", RecordNameStrategy.class,
        CONFLUENT_STRATEGY_PACKAGE + "TopicRecordNameStrategy", TopicRecordNameStrategy.class);

    private static final ConfigDef CONFIG = SchemaRegistryConfig.configDef()
        .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM,
            "Register missing schemas when serializing.")
        .define(USE_LATEST_VERSION_CONFIG, Type.BOOLEAN, false, Importance.LOW,
            "Tag records with the subject's latest schema id.")
        .define(LATEST_CACHE_TTL_SEC_CONFIG, Type.LONG, -1L, Importance.LOW,
            "Seconds to reuse a fetched latest version; -1 = forever.")
        .define(KEY_SUBJECT_NAME_STRATEGY_CONFIG, Type.STRING, TopicNameStrategy.class.getName(), Importance.LOW,
            "SubjectNameStrategy class for keys.")
        .define(VALUE_SUBJECT_NAME_STRATEGY_CONFIG, Type.STRING, TopicNameStrategy.class.getName(), Importance.LOW,
            "SubjectNameStrategy class for values.");

    public AvroSerdeConfig(Map<?, ?> originals) {
        super(CONFIG, originals);
    }

    /**
     * The serde and registry settings found in {@code properties}, a whole flat configuration (a
     * service's config file plus environment overrides, say): keys of this class and of
     * {@link SchemaRegistryConfig}, with or without the {@value SchemaRegistryConfig#PREFIX}
     * prefix, and Confluent's spellings; every other key is ignored. Validated now, so a bad URL,
     * missing credentials or an unreadable trust store fail at start-up with a
     * {@link ConfigException} that never shows credentials.
     */
    public static AvroSerdeConfig fromProperties(Map<String, ?> properties) {
        return new AvroSerdeConfig(properties);
    }

    /** Every serde and registry key (this class's and {@link SchemaRegistryConfig}'s), for documentation. */
    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    /**
     * Whether {@code key} names a serde or registry setting in any accepted spelling, so a service can
     * pick these keys out of its environment without a list of its own.
     */
    public static boolean isSerdeKey(String key) {
        return canonicalName(key, CONFIG.names()) != null;
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG);
    }

    public boolean useLatestVersion() {
        return getBoolean(USE_LATEST_VERSION_CONFIG);
    }

    public long latestCacheTtlSeconds() {
        return getLong(LATEST_CACHE_TTL_SEC_CONFIG);
    }

    public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
        String key = isKey ? KEY_SUBJECT_NAME_STRATEGY_CONFIG : VALUE_SUBJECT_NAME_STRATEGY_CONFIG;
        String className = getString(key).trim();
        Class<?> type = CONFLUENT_ALIASES.containsKey(className) ? CONFLUENT_ALIASES.get(className) : load(key, className);
        if (!SubjectNameStrategy.class.isAssignableFrom(type)) {
            throw new ConfigException(key, className, "not a " + SubjectNameStrategy.class.getName());
        }
        try {
            return (SubjectNameStrategy) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
            throw new ConfigException(key, className, "cannot instantiate: " + cause);
        }
    }

    private static Class<?> load(String key, String className) {
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            return Class.forName(className, true, loader != null ? loader : AvroSerdeConfig.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigException(key, className, "class not found");
        }
    }
}
