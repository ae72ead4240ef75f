package io.dmzstream.tools.cli;

import io.dmzstream.tools.load.ImageSource;
import io.dmzstream.tools.load.MixedLoad;
import io.dmzstream.topology.run.ConfigOptions;
import io.dmzstream.topology.run.Models;
import io.dmzstream.topology.run.KafkaRuntime;

import io.dmzstream.schemas.ImageFormat;
import io.dmzstream.topology.DmzStreamService;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.output.EventSerdes;
import io.dmzstream.tools.dashboard.DashboardImage;
import io.dmzstream.tools.dashboard.DashboardNotes;
import io.dmzstream.tools.dashboard.DmzPanels;
import io.dmzstream.chart.Marker;
import io.dmzstream.topology.metrics.MetricSample;
import io.dmzstream.tools.dashboard.MetricsScraper;
import io.dmzstream.tools.dashboard.Panel;
import io.dmzstream.tools.dashboard.Scrape;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * docs/dashboard.png without Docker or Grafana: the demo's setup (embedded broker, real topology,
 * dmz-mnist), a steady mixed load, /metrics scraped every 2 s, and the dashboard's panels drawn
 * from those scrapes.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "Run a steady load through the service on an embedded broker, scrape /metrics and draw "
                + "the Grafana dashboard's panels to a PNG (and a Markdown page beside it).")
final class DashboardCommand implements Callable<Integer> {
    private static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(2);
    /** Rates over four scrapes (8 s), Grafana's {@code $__rate_interval} for a 2 s scrape interval. */
    private static final int RATE_WINDOW = 4;
    /** After the last image: how long at most to wait for the service to catch up. */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(60);

    @Mixin
    ConfigOptions options;

    @Option(names = "--seconds", defaultValue = "60", description = "How long to publish.")
    double seconds;

    @Option(names = "--rate", defaultValue = "40", description = "Images per second.")
    double rate;

    @Option(names = "--fashion-share", defaultValue = "0.2",
            description = "Share of Fashion-MNIST images, sent as domain mnist, in the second half.")
    double fashionShare;

    @Option(names = "--out", defaultValue = "docs/dashboard.png",
            description = "The PNG; the Markdown page is written beside it (.md).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Map<String, String> run = new HashMap<>(Map.of(
                DmzStreamConfig.TOPICS_CREATE, "true",
                DmzStreamConfig.STATE_DIR, Files.createTempDirectory("dmz-dashboard-state").toString(),
                DmzStreamConfig.APPLICATION_ID, "dmz-dashboard-" + System.currentTimeMillis(),
                DmzStreamConfig.MODEL_NAMES, "dmz-mnist",
                DmzStreamConfig.BRIDGE_NAMES, "",
                DmzStreamConfig.HTTP_PORT, "0"));
        DmzStreamConfig config = options.load().with(run);
        String inputTopic = config.topics().images();
        ImageSource mnist = ImageSource.open("mnist", ImageFormat.RAW_U8);
        ImageSource fashion = ImageSource.open("fashion", ImageFormat.RAW_U8);

        MixedLoad.Sent sent;
        double end;
        MetricsScraper scraper;
        try (KafkaRuntime kafka = KafkaRuntime.resolve(config);
             DmzStreamService service = DmzStreamService.start(config, kafka.bootstrapServers(),
                     Models.fromConfig(config))) {
            service.awaitRunning(Duration.ofMinutes(2));
            int port = service.httpPort().orElseThrow();
            System.err.printf("service running on %s, metrics on :%d; publishing %.0f images/s for %.0f s%n",
                    kafka.bootstrapServers(), port, rate, seconds);
            scraper = new MetricsScraper(URI.create("http://127.0.0.1:" + port + "/metrics"), System.err);
            try (MixedLoad load = new MixedLoad(kafka.bootstrapServers(),
                    new EventSerdes(config.registrySettings()), inputTopic)) {
                scraper.start(SCRAPE_INTERVAL);
                sent = load.run(mnist, fashion, fashionShare, rate, seconds, System.err);
                awaitDrained(scraper, inputTopic);
                // two more scrapes so the panels show the idle service after the load
                Thread.sleep(2 * SCRAPE_INTERVAL.toMillis() + 500);
                end = scraper.elapsedSeconds();
            } finally {
                scraper.close();
            }
        }

        List<Panel> panels = DmzPanels.of(scraper.history().queries(RATE_WINDOW), inputTopic);
        int scrapes = scraper.history().scrapes().size();
        String summary = String.format(Locale.ROOT, "%d images in %.0f s on the embedded broker, serving dmz-mnist: "
                        + "%d MNIST test images, %d Fashion-MNIST images sent as domain mnist (%.0f%% from %.0f s), "
                        + "%d poison pills; /metrics scraped %d times, every %d s.",
                sent.total(), seconds, sent.mnist(), sent.fashionAsMnist(), fashionShare * 100, seconds / 2,
                sent.poison(), scrapes, SCRAPE_INTERVAL.toSeconds());
        new DashboardImage("DMZ Stream — dashboard from a local run", summary, panels,
                List.of(new Marker(seconds / 2, "fashion mixed in"), new Marker(seconds, "load ends")),
                Math.ceil(end / 10) * 10).write(out);
        Path notes = out.resolveSibling(out.getFileName().toString().replaceFirst("\\.png$", "") + ".md");
        String command = String.format(Locale.ROOT, "ops/dmz dashboard "
                        + "--seconds %s --rate %s --fashion-share %s --out %s", plain(seconds), plain(rate),
                plain(fashionShare), out);
        new DashboardNotes(out, command, summary, RATE_WINDOW * SCRAPE_INTERVAL.toSeconds(), panels).write(notes);
        System.out.printf("%s%ndashboard  %s%nnotes      %s%n", summary, out, notes);
        return 0;
    }

    /** Waits until nothing is in flight and the input topic's lag is 0 (or the limit passes). */
    private static void awaitDrained(MetricsScraper scraper, String inputTopic) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        Scrape seen = null;
        while (System.nanoTime() < deadline) {
            Scrape latest = scraper.history().latest();
            if (latest != null && latest != seen && drained(latest, inputTopic)) {
                return;
            }
            seen = latest;
            Thread.sleep(SCRAPE_INTERVAL.toMillis());
        }
    }

    private static boolean drained(Scrape scrape, String inputTopic) {
        double inFlight = scrape.page().all("dmz_requests_in_flight").stream().mapToDouble(MetricSample::value).sum();
        String alias = inputTopic.replace('.', '_');
        double lag = scrape.page().all("kafka_consumer_fetch_manager_records_lag").stream()
                .filter(s -> s.label("topic").equals(inputTopic) || s.label("topic").equals(alias))
                .mapToDouble(MetricSample::value).filter(Double::isFinite).max().orElse(0);
        return inFlight == 0 && lag == 0;
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
