package io.dmzstream.topology.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsPageTest {
    private static final String PAGE = """
            # HELP dmz_outputs_total Outputs forwarded
            # TYPE dmz_outputs_total counter
            dmz_outputs_total{kind="latent",} 42.0
            dmz_outputs_total{kind="label"} 7
            dmz_requests_in_flight 3.0
            dmz_ready{} 1
            weird{path="a\\"b\\\\c\\nd",note="x, y=z"} 1.5e-3 1712345678000
            dmz_end_to_end_latency_seconds_bucket{kind="latent",le="+Inf",} 42.0
            gauge_inf +Inf
            gauge_nan NaN
            """;

    @Test
    void parsesNamesLabelsAndValues() {
        MetricsPage page = MetricsPage.parse(PAGE);
        assertEquals(8, page.samples().size(), "comments skipped, every sample kept");
        assertEquals(List.of(new MetricSample("dmz_outputs_total", Map.of("kind", "latent"), 42.0)),
                page.all("dmz_outputs_total", Map.of("kind", "latent")));
        assertEquals(7.0, page.all("dmz_outputs_total", Map.of("kind", "label")).get(0).value());
        assertEquals(2, page.all("dmz_outputs_total").size());
        assertEquals(new MetricSample("dmz_requests_in_flight", Map.of(), 3.0), page.all("dmz_requests_in_flight").get(0));
        assertEquals(new MetricSample("dmz_ready", Map.of(), 1.0), page.all("dmz_ready").get(0));
        assertEquals("+Inf", page.all("dmz_end_to_end_latency_seconds_bucket").get(0).label("le"));
    }

    @Test
    void unescapesLabelValuesAndIgnoresTimestamps() {
        MetricSample s = MetricsPage.parse(PAGE).all("weird").get(0);
        assertEquals("a\"b\\c\nd", s.label("path"));
        assertEquals("x, y=z", s.label("note"));
        assertEquals("", s.label("missing"));
        assertEquals(0.0015, s.value());
    }

    @Test
    void readsSpecialValues() {
        MetricsPage page = MetricsPage.parse(PAGE);
        assertEquals(Double.POSITIVE_INFINITY, page.all("gauge_inf").get(0).value());
        assertTrue(Double.isNaN(page.all("gauge_nan").get(0).value()));
    }
}
