package io.dmzstream.tools.dashboard;

import io.dmzstream.topology.metrics.MetricsPage;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Scrapes a /metrics URL at a fixed interval into a {@link ScrapeHistory}, as Prometheus would. */
public final class MetricsScraper implements AutoCloseable {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final HttpRequest request;
    private final ScrapeHistory history = new ScrapeHistory();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dmz-dashboard-scraper");
        t.setDaemon(true);
        return t;
    });
    private final PrintStream log;
    private long startNanos;

    public MetricsScraper(URI metrics, PrintStream log) {
        this.request = HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).GET().build();
        this.log = log;
    }

    /** Scrapes now (time 0) and then every {@code interval}. */
    public void start(Duration interval) {
        startNanos = System.nanoTime();
        timer.scheduleAtFixedRate(this::scrapeOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    public ScrapeHistory history() {
        return history;
    }

    private void scrapeOnce() {
        double at = elapsedSeconds();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                history.add(new Scrape(at, MetricsPage.parse(response.body())));
            } else {
                log.printf("scrape at %.1f s: HTTP %d%n", at, response.statusCode());
            }
        } catch (IOException | RuntimeException e) {
            // a missed scrape is a gap in the panels, as in Prometheus; the run goes on
            log.printf("scrape at %.1f s failed: %s%n", at, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
    }
}
