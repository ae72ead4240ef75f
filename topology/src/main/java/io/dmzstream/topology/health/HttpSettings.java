package io.dmzstream.topology.health;

import java.time.Duration;

/**
 * Where and how the HTTP endpoints serve.
 *
 * @param bindAddress    interface to listen on ({@code 0.0.0.0}: every interface, as probes and Prometheus come from outside)
 * @param port           0 picks a free port
 * @param threads        exchanges served at once (threads start on demand and end when idle); a slow
 *                       client holds one for at most {@code requestTimeout}
 * @param requestTimeout longest one exchange may take, reading the request included
 */
public record HttpSettings(String bindAddress, int port, int threads, Duration requestTimeout) {
    public HttpSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("http threads must be >= 1");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("http request timeout must be > 0");
        }
    }

    /** Every interface, up to 128 threads, 10 s per exchange. */
    public static HttpSettings onPort(int port) {
        return new HttpSettings("0.0.0.0", port, 128, Duration.ofSeconds(10));
    }
}
