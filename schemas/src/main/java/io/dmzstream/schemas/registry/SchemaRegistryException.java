package io.dmzstream.schemas.registry;

/**
 * A registry call failed. Two kinds, told apart by type (and {@link #isTransient()}):
 * <ul>
 *   <li>{@code SchemaRegistryException} itself: the registry answered, and the answer is final for
 *       this request: the schema id, subject or version does not exist ({@link #isNotFound()}), the
 *       schema is incompatible or invalid ({@link #isIncompatible()}, {@link #isInvalid()}), or the
 *       schema it holds cannot be used (not Avro). Retrying the same request gives the same answer.</li>
 *   <li>{@link RegistryUnavailableException}: the registry cannot be used right now (unreachable,
 *       timed out, 5xx, credentials refused, no Confluent API at the URL). The request itself may be
 *       fine: retry it later.</li>
 * </ul>
 * Messages name the registry by its base URL without credentials, and never contain them.
 */
public sealed class SchemaRegistryException extends RuntimeException permits RegistryUnavailableException {

    /** Status of a call that never got an HTTP answer. */
    public static final int NO_RESPONSE = -1;

    private final String registryUrl;
    private final int status;
    private final int errorCode;

    /** @param registryUrl base URL without credentials */
    public SchemaRegistryException(String message, String registryUrl, int status, int errorCode, Throwable cause) {
        super(message, cause);
        this.registryUrl = registryUrl;
        this.status = status;
        this.errorCode = errorCode;
    }

    /** Base URL of the registry, without credentials. */
    public String registryUrl() {
        return registryUrl;
    }

    /** HTTP status of the answer, or {@link #NO_RESPONSE}. */
    public int status() {
        return status;
    }

    /** Confluent error code from the answer body (0 if none; Apicurio answers 0 on 409). */
    public int errorCode() {
        return errorCode;
    }

    /**
     * Whether the fault is the registry's, not the request's: true exactly for
     * {@link RegistryUnavailableException}. Transient faults must not turn records into dead letters.
     */
    public boolean isTransient() {
        return false;
    }

    /** The subject, version or schema id does not exist (HTTP 404 with a Confluent 404xx error code). */
    public boolean isNotFound() {
        return status == 404 && !isTransient();
    }

    /** The registry refused the schema as incompatible with the subject's earlier versions. */
    public boolean isIncompatible() {
        return status == 409;
    }

    /** The registry refused the schema itself (invalid Avro, bad compatibility level...). */
    public boolean isInvalid() {
        return status == 422;
    }
}
