package io.dmzstream.schemas.registry;

import java.util.List;

/** The registry's verdict on a candidate schema; {@code messages} explain an incompatibility when the registry gives any. */
public record CompatibilityResult(boolean compatible, List<String> messages) {

    public CompatibilityResult {
        messages = List.copyOf(messages);
    }
}
