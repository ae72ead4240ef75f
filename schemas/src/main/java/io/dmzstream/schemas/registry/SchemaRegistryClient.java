package io.dmzstream.schemas.registry;

import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry REST API the serdes and tests need. Every method
 * throws {@link SchemaRegistryException} when the registry refuses the call, and its subclass
 * {@link RegistryUnavailableException} when the registry cannot be used now (retry later).
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Base URL this client talks to (without credentials). */
    String baseUrl();

    /**
     * Checks that the registry answers and accepts the credentials (Confluent's {@code GET /config}),
     * for a clear start-up error: throws {@link RegistryUnavailableException}, whose
     * {@link RegistryUnavailableException#credentialsRejected()} tells a wrong password from an outage.
     */
    void checkAccess();

    /** Registers {@code schema} under {@code subject} (a no-op returning the same id if already there); returns its id. */
    int register(String subject, Schema schema);

    /** The schema with this id; answers are cached, ids are immutable. */
    Schema getById(int id);

    /** Id of {@code schema} if it is already registered under {@code subject}; 404 if not. */
    int lookup(String subject, Schema schema);

    /** The latest version of {@code subject}; 404 if the subject has none. */
    RegisteredSchema latest(String subject);

    /** Whether {@code schema} could be registered under {@code subject} now; compatible when the subject is new. */
    CompatibilityResult testCompatibility(String subject, Schema schema);

    /** Sets the compatibility level the registry enforces for {@code subject}. */
    void setCompatibility(String subject, CompatibilityLevel level);

    @Override
    void close();
}
