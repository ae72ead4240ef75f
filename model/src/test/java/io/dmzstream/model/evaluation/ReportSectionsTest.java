package io.dmzstream.model.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dmzstream.model.export.ModelFolder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The per-dataset sections and JSON keys of the report, rendered from hand-made figures. */
class ReportSectionsTest {

    private static SortedMap<Integer, Double> at(double k5, double k10, double k100) {
        return new TreeMap<>(Map.of(5, k5, 10, k10, 100, k100));
    }

    private static SortedMap<Integer, Spread> fid(double k5, double k10, double k100) {
        return new TreeMap<>(Map.of(5, Spread.of(k5 - 1, k5, k5 + 1), 10, Spread.of(k10 - 1, k10, k10 + 1),
                100, Spread.of(k100 - 1, k100, k100 + 1)));
    }

    private static DatasetEvaluation evaluation(String dataset, boolean withPrior) {
        Map<String, SortedMap<Integer, Spread>> fid = new LinkedHashMap<>();
        fid.put("dmz_codes", fid(30, 14, 13));
        fid.put("dmz_prior", withPrior ? fid(40, 12, 11) : new TreeMap<>());
        fid.put("dmz_uniform", fid(90, 75, 70));
        fid.put("baseline", fid(60, 27, 17.5));
        SortedMap<Integer, Spread> conditional = withPrior
                ? new TreeMap<>(Map.of(5, Spread.of(0.8, 0.82, 0.84), 10, Spread.of(0.91, 0.93, 0.95), 100, Spread.of(0.9, 0.92, 0.94)))
                : new TreeMap<>();
        return new DatasetEvaluation(dataset, "dmz-" + dataset + ":1.0.0", 64, 7000, "baseline-" + dataset + ":1.0.0",
                withPrior ? "dmz-" + dataset + "-prior:1.0.0" : null, 0.98, true, "abcdef0123456789", 0.94, 0.96,
                new double[]{0.45, 0.55}, 0, 9900, 0.998,
                new Reconstruction(at(0.84, 0.89, 0.86), at(0.045, 0.041, 0.044)),
                new Reconstruction(at(0.995, 0.997, 0.999), at(0.004, 0.002, 0.001)), fid,
                withPrior ? new PriorNll("dmz-" + dataset + "-prior:1.0.0", 64, 28.6, 25.7, 63.9) : null, conditional,
                2000, 3, "eval/" + dataset + "-samples.png", "eval/" + dataset + "-fid.png",
                "eval/" + dataset + "-interpolation.png", 100);
    }

    private static EvaluationReport report() {
        var settings = Evaluator.Settings.full().withSteps(List.of(5, 10, 100));
        return new EvaluationReport(List.of(evaluation("mnist", true), evaluation("fashion", false)), List.of(), List.of(),
                "mnist", Map.of(), "ops/dmz eval", "test machine", settings, 3600);
    }

    @Test
    void markdownHasTheNewSectionsAndTheIssuesTargets() {
        String md = report().markdown();
        for (String s : List.of("### FID against K", "### Reconstruction: semantic vs exact", "### Code prior",
                "### Class-conditional samples", "### Samples and interpolation", "eval/mnist-interpolation.png",
                "eval/mnist-fid.png", "| K | DMZ, test-image codes | DMZ, prior codes | DMZ, uniform codes | baseline |",
                "| 10 | 14.00 (13.00-15.00) | 12.00 (11.00-13.00) | 75.00 (74.00-76.00) | 27.00 (26.00-28.00) |",
                "| 5 | 84.00% | 99.50% | 0.0450 | 0.0040 |",
                "| `dmz-mnist-prior:1.0.0`, class marginalised | 28.60 |", "| uniform (d) | 64 |",
                "| 10 | 93.00% (91.00%-95.00%) |",
                "- prior samples at K = 10 vs baseline at K = 100: 12.00 (11.00-13.00) vs 17.50 (16.50-18.50) (met); holds on every seed",
                "- reconstruction label consistency at K = 5, exact mode >= 99.00%: 99.50% (met)",
                "- reconstruction label consistency at K = 5, semantic mode >= 95.00%: 84.00% (missed)",
                "- class-conditional prior samples at K = 10 classified as their class >= 90.00%: 93.00% (met)",
                "ops/dmz eval --datasets mnist --ks 10 --samples 200 --seeds 1", "in 1.0 h")) {
            assertTrue(md.contains(s), "missing: " + s + "\n" + md);
        }
        String fashion = md.substring(md.indexOf("## fashion"));
        assertTrue(fashion.contains("No prior for this model"), fashion);
        assertTrue(fashion.contains("- prior samples at K = 10 vs baseline at K = 100: - (not measured); no prior for this model"), fashion);
        assertFalse(fashion.contains("### Class-conditional samples"), fashion);
    }

    @Test
    void jsonHasTheNewKeysNextToTheExistingOnes() throws Exception {
        JsonNode root = ModelFolder.JSON.readTree(ModelFolder.JSON.writeValueAsString(report().json()));
        JsonNode mnist = root.path("datasets").path("mnist");
        assertEquals(12.0, mnist.path("fid").path("dmz_prior").path("10").asDouble(), 1e-9);
        assertEquals(0.995, mnist.path("recon_label_consistency_exact").path("5").asDouble(), 1e-9);
        assertEquals(28.6, mnist.path("prior_nll_bits").asDouble(), 1e-9);
        assertEquals(0.93, mnist.path("conditional_sample_accuracy").path("10").asDouble(), 1e-9);
        // the keys that were there before keep their shape: K -> number
        assertEquals(14.0, mnist.path("fid").path("dmz_codes").path("10").asDouble(), 1e-9);
        assertEquals(17.5, mnist.path("fid").path("baseline").path("100").asDouble(), 1e-9);
        assertEquals(0.84, mnist.path("recon_label_consistency").path("5").asDouble(), 1e-9);
        assertEquals(0.045, mnist.path("recon_mse").path("5").asDouble(), 1e-9);
        assertEquals(0.94, mnist.path("probe_accuracy").asDouble(), 1e-9);
        assertEquals(2000, mnist.path("samples_per_point").asInt());
        JsonNode spread = mnist.path("fid_spread").path("dmz_prior").path("10");
        assertEquals(11.0, spread.path("min").asDouble(), 1e-9);
        assertEquals(13.0, spread.path("max").asDouble(), 1e-9);
        assertEquals(3, spread.path("per_seed").size());
        assertEquals(3, mnist.path("seeds").asInt());
        assertEquals("abcdef0123456789", mnist.path("reference_classifier").path("inputs_sha256").asText());
        assertTrue(mnist.path("targets").size() >= 7);

        JsonNode fashion = root.path("datasets").path("fashion");
        assertTrue(fashion.path("prior_nll_bits").isNull(), "no prior: null, not a made-up number");
        assertTrue(fashion.path("fid").path("dmz_prior").isMissingNode());
        assertEquals(0, fashion.path("conditional_sample_accuracy").size());
        assertEquals(List.of(5, 10, 100), List.of(root.path("settings").path("ks").get(0).asInt(),
                root.path("settings").path("ks").get(1).asInt(), root.path("settings").path("ks").get(2).asInt()));
    }

    @Test
    void independentBitsCostOneBitPerFairBit() {
        float[][] train = {{0, 1}, {1, 0}, {0, 0}, {1, 1}};
        assertEquals(2.0, PriorNll.independentBits(train, new float[][]{{1, 1}, {0, 0}}), 1e-12);
    }
}
