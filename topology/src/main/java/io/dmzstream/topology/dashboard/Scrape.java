package io.dmzstream.topology.dashboard;

/** One scrape of /metrics, {@code seconds} after the run started. */
public record Scrape(double seconds, MetricsPage page) {
}
