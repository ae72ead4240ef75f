package io.dmzstream.model.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dmzstream.model.export.ModelFolder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's zoo table and sweep verdict, on hand-made inputs. */
class ReportProvenanceTest {

    private static JsonNode training(String json) throws Exception {
        return ModelFolder.JSON.readTree(json);
    }

    @Test
    void fixedDecayLeavesDecayToTheStepsOfTheInitialWeights() throws Exception {
        double share = ModelProvenance.initShare(training("{\"ema_decay\": 0.999}"), 1000);
        assertEquals(Math.pow(0.999f, 1000), share, 1e-9);
    }

    @Test
    void warmupForgetsTheInitialWeights() throws Exception {
        double share = ModelProvenance.initShare(training("{\"ema_decay\": 0.999, \"ema_warmup\": \"yes\"}"), 1000);
        assertTrue(share < 1e-12, "share " + share);
    }

    @Test
    void modelsWithoutAnAverageHaveNoShare() throws Exception {
        assertTrue(Double.isNaN(ModelProvenance.initShare(training("{\"epochs\": 40}"), 20)));
    }

    @Test
    void sweepVerdictFollowsTheMeasuredProbe() {
        String backed = report(Map.of("16", 0.70, "32", 0.80, "64", 0.90)).markdown();
        assertTrue(backed.contains("Highest linear probe: d = 64"), backed);
        assertTrue(backed.contains("The sweep backs it"), backed);

        String notBacked = report(Map.of("16", 0.70, "32", 0.95, "64", 0.90)).markdown();
        assertTrue(notBacked.contains("Highest linear probe: d = 32"), notBacked);
        assertTrue(notBacked.contains("does not back it"), notBacked);
    }

    private static EvaluationReport report(Map<String, Double> probe) {
        Map<String, Map<String, Object>> sweep = new LinkedHashMap<>();
        for (String bits : List.of("16", "32", "64")) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("model", "sweep-mnist-" + bits);
            point.put("steps_trained", 100);
            point.put("probe_accuracy", probe.get(bits));
            point.put("fid_k10", 50.0 + Integer.parseInt(bits));
            point.put("fid_codes_k10", 40.0);
            point.put("distinct_codes", 10);
            sweep.put(bits, point);
        }
        return new EvaluationReport(List.of(), "mnist", sweep, "ops/dmz eval", "test machine", Evaluator.Settings.full());
    }
}
