package io.dmzstream.schemas.registry;

/**
 * A registry call failed: either the registry answered with an error ({@link #status()} is the
 * HTTP status, {@link #errorCode()} the Confluent {@code error_code}), or it could not be reached
 * at all ({@link #status()} is {@link #NO_RESPONSE}).
 */
public class SchemaRegistryException extends RuntimeException {

    /** Status of a call that never got an HTTP answer. */
    public static final int NO_RESPONSE = -1;

    private final String registryUrl;
    private final int status;
    private final int errorCode;

    public SchemaRegistryException(String message, String registryUrl, int status, int errorCode, Throwable cause) {
        super(message, cause);
        this.registryUrl = registryUrl;
        this.status = status;
        this.errorCode = errorCode;
    }

    static SchemaRegistryException unreachable(String registryUrl, int attempts, String what, Throwable cause) {
        return new SchemaRegistryException(
            "Schema registry at " + registryUrl + " is unreachable (" + what + ", gave up after "
                + attempts + (attempts == 1 ? " attempt" : " attempts") + ")",
            registryUrl, NO_RESPONSE, 0, cause);
    }

    public String registryUrl() {
        return registryUrl;
    }

    public int status() {
        return status;
    }

    /** Confluent error code from the answer body (0 if none; Apicurio answers 0 on 409). */
    public int errorCode() {
        return errorCode;
    }

    /** No answer at all, or a server-side error that persisted through the retries. */
    public boolean isUnavailable() {
        return status == NO_RESPONSE || status >= 500 || status == 408 || status == 429;
    }

    /** The subject, version or schema id does not exist. */
    public boolean isNotFound() {
        return status == 404;
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
