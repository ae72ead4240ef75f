package io.dmzstream.tools.bench;

/**
 * How long one measurement runs: a warm-up that is not counted, then a steady-state window of at
 * least {@code minSeconds} and at least {@code minRequests} completions, whichever is longer, cut
 * at {@code maxSeconds} (the report says when a window was cut).
 */
public record Window(double warmupSeconds, double minSeconds, long minRequests, double maxSeconds) {
    public Window {
        if (warmupSeconds < 0 || minSeconds <= 0 || minRequests < 1 || maxSeconds < minSeconds) {
            throw new IllegalArgumentException("bad measurement window " + warmupSeconds + "/" + minSeconds + "/"
                    + minRequests + "/" + maxSeconds);
        }
    }

    /** The window: 3 s warm-up, then at least 20 s and 2,000 requests, at most 3 minutes. */
    public static Window standard() {
        return new Window(3, 20, 2000, 180);
    }

    public Window longerWarmup(double factor) {
        return new Window(warmupSeconds * factor, minSeconds, minRequests, maxSeconds);
    }
}
