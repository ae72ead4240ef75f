package io.dmzstream.topology.engine;

import java.util.Locale;

/**
 * A compute device one inference worker owns: {@code cpu}, or {@code gpu:N}.
 *
 * <p>Only a configuration value: the engine runs the same code for every device and leaves it to
 * the {@link ModelSource} to place models on the device (the GPU build is a Maven profile of the
 * model module, not a code path here).
 */
public record Device(Kind kind, int index) {
    public enum Kind { CPU, GPU }

    public Device {
        if (index < 0) {
            throw new IllegalArgumentException("device index must be >= 0, got " + index);
        }
    }

    public static Device cpu() {
        return new Device(Kind.CPU, 0);
    }

    /** Parses {@code cpu}, {@code cpu:N}, {@code gpu} (= {@code gpu:0}) or {@code gpu:N}. */
    public static Device parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        String[] parts = s.split(":", 2);
        Kind kind = switch (parts[0]) {
            case "cpu" -> Kind.CPU;
            case "gpu", "cuda" -> Kind.GPU;
            default -> throw new IllegalArgumentException("unknown device '" + text + "' (expected cpu or gpu:N)");
        };
        int index;
        try {
            index = parts.length == 2 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad device index in '" + text + "'");
        }
        return new Device(kind, index);
    }

    @Override
    public String toString() {
        return kind == Kind.CPU && index == 0 ? "cpu" : kind.name().toLowerCase(Locale.ROOT) + ":" + index;
    }
}
