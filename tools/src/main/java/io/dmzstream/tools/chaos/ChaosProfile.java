package io.dmzstream.tools.chaos;

import java.time.Duration;
import java.util.Locale;

/**
 * How hard the suite pushes: {@link #SHORT} fits a CI run on two shared cores in a few minutes,
 * {@link #LONG} is the one whose figures docs/reliability.md reports.
 *
 * @param feedSeconds     how long the kill scenarios keep producing
 * @param rate            valid inputs per second while a scenario produces
 * @param kills           SIGKILLs per kill scenario; every second restart starts with an empty state folder
 * @param hang            how long one model call hangs (engine scenario)
 * @param deviceFault     how long every model call fails (engine scenario)
 * @param registryOutage  how long the registry is unreachable, each time (registry scenario)
 * @param pauseBeyondSession how much longer than the session timeout an instance stays SIGSTOPped
 * @param slowClients     connections that open and never finish a request (HTTP scenario)
 * @param settle          how long a scenario waits for its last outputs before it counts what it has
 */
public record ChaosProfile(String name, int feedSeconds, double rate, int kills, Duration hang, Duration deviceFault,
                           Duration registryOutage, Duration pauseBeyondSession, int slowClients, Duration settle) {

    /** Session timeout of the instances: a dead or paused instance loses its partitions after this. */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);

    public static final ChaosProfile SHORT = new ChaosProfile("short", 16, 10, 2, Duration.ofSeconds(12),
            Duration.ofSeconds(10), Duration.ofSeconds(8), Duration.ofSeconds(4), 16, Duration.ofSeconds(60));

    public static final ChaosProfile LONG = new ChaosProfile("long", 150, 20, 10, Duration.ofSeconds(30),
            Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(10), 64, Duration.ofSeconds(180));

    public static ChaosProfile named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "short" -> SHORT;
            case "long" -> LONG;
            default -> throw new IllegalArgumentException("unknown chaos profile '" + name + "' (short, long)");
        };
    }
}
