package io.dmzstream.tools.dashboard;

import io.dmzstream.topology.metrics.MetricsPage;

/** One scrape of /metrics, {@code seconds} after the run started. */
public record Scrape(double seconds, MetricsPage page) {
}
