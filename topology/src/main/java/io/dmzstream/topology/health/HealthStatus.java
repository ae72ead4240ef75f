package io.dmzstream.topology.health;

/**
 * The answer of a health check: up or down, with a short reason for people and probes' logs.
 *
 * @param up     whether the check passes (HTTP 200) or not (HTTP 503)
 * @param reason why, in a few words
 */
public record HealthStatus(boolean up, String reason) {
    public static HealthStatus up(String reason) {
        return new HealthStatus(true, reason);
    }

    public static HealthStatus down(String reason) {
        return new HealthStatus(false, reason);
    }

    /** {@code {"status":"UP","reason":"..."}}. */
    public String json() {
        return "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"reason\":\"" + escape(reason) + "\"}";
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
