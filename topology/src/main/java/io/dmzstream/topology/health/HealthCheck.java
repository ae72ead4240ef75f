package io.dmzstream.topology.health;

/** One aspect of an instance's health, asked on every probe; must be quick and thread-safe. */
@FunctionalInterface
public interface HealthCheck {
    HealthStatus check();
}
