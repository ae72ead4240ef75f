package io.dmzstream.tools.dashboard;

import io.dmzstream.topology.metrics.MetricsPage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The dashboard's queries over two scrapes 2 s apart, against values worked by hand. */
class ScrapeHistoryTest {
    private static final String FIRST = """
            dmz_outputs_total{kind="latent"} 10
            dmz_end_to_end_latency_seconds_bucket{kind="latent",le="0.1"} 5
            dmz_end_to_end_latency_seconds_bucket{kind="latent",le="0.2"} 10
            dmz_end_to_end_latency_seconds_bucket{kind="latent",le="+Inf"} 10
            dmz_engine_batch_size_sum{lane="encode"} 20
            dmz_engine_batch_size_count{lane="encode"} 4
            kafka_consumer_fetch_manager_records_lag_max{topic="dmz.images",partition="0"} 1
            kafka_consumer_fetch_manager_records_lag_max{topic="dmz_images",partition="0"} 1
            """;
    private static final String SECOND = """
            dmz_outputs_total{kind="latent"} 50
            dmz_end_to_end_latency_seconds_bucket{kind="latent",le="0.1"} 15
            dmz_end_to_end_latency_seconds_bucket{kind="latent",le="0.2"} 40
            dmz_end_to_end_latency_seconds_bucket{kind="latent",le="+Inf"} 50
            dmz_engine_batch_size_sum{lane="encode"} 120
            dmz_engine_batch_size_count{lane="encode"} 14
            dmz_dead_letters_total{stage="validation",reason="wrong_dimensions"} 4
            kafka_consumer_fetch_manager_records_lag_max{topic="dmz.images",partition="0"} 5
            kafka_consumer_fetch_manager_records_lag_max{topic="dmz_images",partition="0"} 5
            kafka_consumer_fetch_manager_records_lag_max{topic="dmz.images",partition="1"} 3
            kafka_consumer_fetch_manager_records_lag_max{topic="dmz_images",partition="1"} 3
            kafka_consumer_fetch_manager_records_lag_max{topic="dmz.latents",partition="0"} 100
            """;

    private final Queries history = history().queries(1);

    @Test
    void rateIsTheCounterDeltaOverTheInterval() {
        Series latent = only(history.rate("dmz_outputs_total", s -> true, s -> s.label("kind")));
        assertEquals(List.of(new Series.Point(2, 20.0)), latent.points(), "(50 - 10) / 2 s");
    }

    @Test
    void aCounterFirstSeenInTheLaterScrapeCountsFromZero() {
        Series dead = only(history.rate("dmz_dead_letters_total", s -> true, s -> s.label("reason")));
        assertEquals("wrong_dimensions", dead.legend());
        assertEquals(2.0, dead.points().get(0).value(), "4 / 2 s");
    }

    @Test
    void quantileIsTakenOverTheBucketDeltas() {
        // deltas: 10 <= 0.1, 30 <= 0.2, 40 in all; rank 20 lies 10 into the 20 of (0.1, 0.2] -> 0.15
        // (the cumulative counts would give rank 25 and 0.14)
        Series p50 = only(history.quantile(0.5, "dmz_end_to_end_latency_seconds_bucket", s -> true,
                s -> s.label("kind")));
        assertEquals(0.15, p50.points().get(0).value(), 1e-12);
        assertEquals(2.0, p50.points().get(0).seconds());
    }

    @Test
    void meanIsTheSumDeltaOverTheCountDelta() {
        Series mean = only(history.ratio("dmz_engine_batch_size_sum", "dmz_engine_batch_size_count", s -> true,
                s -> s.label("lane")));
        assertEquals(10.0, mean.points().get(0).value(), 1e-12, "(120 - 20) / (14 - 4), not 120 / 14");
    }

    @Test
    void lagCountsEachInputPartitionOnceUnderBothTopicSpellings() {
        Panel lag = DmzPanels.of(history, "dmz.images").stream()
                .filter(p -> p.title().startsWith("Consumer lag")).findFirst().orElseThrow();
        Series total = lag.series().get(0);
        assertEquals("total", total.legend());
        assertEquals(List.of(new Series.Point(0, 1.0), new Series.Point(2, 8.0)), total.points(),
                "max by partition (5 and 3), summed; other topics left out");
        assertEquals(List.of("total", "partition 0", "partition 1"),
                lag.series().stream().map(Series::legend).toList());
        assertTrue(Double.isNaN(lag.series().get(2).points().get(0).value()), "partition 1 not yet reported");
    }

    @Test
    void aWindowOfSeveralIntervalsSpansThatManyScrapes() {
        ScrapeHistory h = history();
        h.add(new Scrape(4, MetricsPage.parse(SECOND.replace("} 50", "} 58"))));
        Series latent = only(h.queries(2).rate("dmz_outputs_total", s -> true, s -> s.label("kind")));
        assertEquals(List.of(new Series.Point(2, 20.0), new Series.Point(4, 12.0)), latent.points(),
                "at 2 s only one interval is there; at 4 s (58 - 10) / 4 s");
    }

    private static ScrapeHistory history() {
        ScrapeHistory h = new ScrapeHistory();
        h.add(new Scrape(0, MetricsPage.parse(FIRST)));
        h.add(new Scrape(2, MetricsPage.parse(SECOND)));
        return h;
    }

    private static Series only(List<Series> series) {
        assertEquals(1, series.size(), series.toString());
        return series.get(0);
    }
}
