package io.dmzstream.tools.dashboard;

/** A moment to mark on every panel (a Grafana annotation): a dashed vertical line and its text. */
public record Marker(double seconds, String text) {
}
