package io.dmzstream.topology.validation;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the service does, per domain, with an image whose shape (width x height x channels) is not
 * its model's input: {@link Mode#REJECT} dead-letters it ({@code wrong_dimensions}), {@link Mode#FIT}
 * resizes it (shorter side), centre-crops it and converts its channels to the model's input.
 *
 * @param defaultMode for every domain without an override
 * @param byDomain    per-domain overrides
 */
public record ResizePolicy(Mode defaultMode, Map<String, Mode> byDomain) {
    /** Today's behaviour everywhere: only images of the model's own shape are served. */
    public static final ResizePolicy REJECT = new ResizePolicy(Mode.REJECT, Map.of());

    public enum Mode {
        REJECT, FIT;

        /** {@code reject} or {@code fit}, any case. */
        public static Mode parse(String value) {
            String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
            for (Mode m : values()) {
                if (m.name().equals(v)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("'" + value + "' is not reject or fit");
        }
    }

    public ResizePolicy {
        byDomain = Map.copyOf(byDomain);
    }

    public Mode modeFor(String domain) {
        return byDomain.getOrDefault(domain, defaultMode);
    }

    /** @throws IllegalArgumentException naming the overrides for domains that no model serves (a typo would silently not apply) */
    public void requireServed(Set<String> servedDomains) {
        Set<String> unknown = new TreeSet<>(byDomain.keySet());
        unknown.removeAll(servedDomains);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("resize overrides for domains no model serves: " + unknown
                    + " (served: " + new TreeSet<>(servedDomains) + ")");
        }
    }

    @Override
    public String toString() {
        return defaultMode.name().toLowerCase(Locale.ROOT) + (byDomain.isEmpty() ? "" : " " + new TreeMap<>(byDomain));
    }
}
