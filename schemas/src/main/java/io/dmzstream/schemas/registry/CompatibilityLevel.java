package io.dmzstream.schemas.registry;

/** Confluent compatibility levels, as accepted by {@code PUT /config/{subject}}. */
public enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE
}
