package io.dmzstream.topology.engine;

/** A request the engine could not serve even alone in its batch: retrying will not help. */
public final class InferenceException extends RuntimeException {
    private final String stage;

    public InferenceException(String stage, String message, Throwable cause) {
        super(message, cause);
        this.stage = stage;
    }

    /** Lane that failed: {@code encode}, {@code transfer} or {@code decode}. */
    public String stage() {
        return stage;
    }
}
