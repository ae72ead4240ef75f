package io.dmzstream.schemas.registry;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;

/**
 * The registry cannot be used right now: no answer (connection refused, DNS, TLS handshake,
 * connect or read timeout), HTTP 5xx/408/429 after the client's own retries, credentials refused
 * (HTTP 401/403, see {@link #credentialsRejected()}), a redirect, or an answer that is not the
 * Confluent API (wrong path in {@code schema.registry.url}). The record being read or written is
 * not at fault, so it must not become a dead letter: retry it later, with backoff.
 *
 * <p>The serdes let this exception through unwrapped; Kafka wraps it on the way out
 * (a consumer's {@code RecordDeserializationException}, a {@code StreamsException}), so look for it
 * with {@link #findIn(Throwable)}.
 */
public final class RegistryUnavailableException extends SchemaRegistryException {

    /**
     * @param message     must not contain credentials
     * @param registryUrl base URL without credentials
     * @param status      HTTP status of the last answer, or {@link #NO_RESPONSE}
     */
    public RegistryUnavailableException(String message, String registryUrl, int status, Throwable cause) {
        super(message, registryUrl, status, 0, cause);
    }

    @Override
    public boolean isTransient() {
        return true;
    }

    /**
     * The registry refused the credentials (HTTP 401 or 403): a wrong or missing password, or one
     * that was rotated. Worth failing start-up for; at run time it is retried like any outage.
     */
    public boolean credentialsRejected() {
        return status() == 401 || status() == 403;
    }

    /** The first {@code RegistryUnavailableException} in {@code failure}'s cause chain (itself included), if any. */
    public static Optional<RegistryUnavailableException> findIn(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof RegistryUnavailableException unavailable) {
                return Optional.of(unavailable);
            }
        }
        return Optional.empty();
    }
}
