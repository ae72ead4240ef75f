package io.dmzstream.topology.testing;

import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.topology.engine.ModelCatalog;
import io.dmzstream.topology.engine.ModelSource;
import io.dmzstream.topology.engine.TransferBridge;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The models every topology test runs on. Switching the whole suite to the real zoo models is a
 * change to {@link #source()} alone.
 */
public final class TestModels {
    public static final String BRIDGE = "standin-edges->fashion";

    private TestModels() {
    }

    /**
     * The models the tests use: stand-ins for mnist, fashion and edges, an edges->fashion bridge,
     * a conditional code prior for mnist, an unconditional one for fashion, none for edges.
     */
    public static ModelSource source() {
        return standIns(Duration.ZERO);
    }

    /** Stand-ins whose every encode/denoise call takes {@code callDelay} (keeps requests in flight). */
    public static ModelSource standIns(Duration callDelay) {
        ModelCatalog catalog = catalog(callDelay);
        return device -> catalog;
    }

    public static ModelCatalog catalog(Duration callDelay) {
        Map<String, DmzModel> models = new LinkedHashMap<>();
        for (String domain : new String[] {"mnist", "fashion", "edges"}) {
            models.put(domain, new StandInModel(domain, callDelay));
        }
        TransferBridge invert = new TransferBridge() {
            @Override
            public String name() {
                return BRIDGE;
            }

            @Override
            public float[][] translate(float[][] p) {
                float[][] out = new float[p.length][];
                for (int i = 0; i < p.length; i++) {
                    out[i] = new float[p[i].length];
                    for (int k = 0; k < p[i].length; k++) {
                        out[i][k] = 1f - p[i][k];
                    }
                }
                return out;
            }
        };
        return ModelCatalog.of(models, Map.of(ModelCatalog.bridgeKey("edges", "fashion"), invert),
                Map.of("mnist", new StandInPrior("mnist", true), "fashion", new StandInPrior("fashion", false)));
    }
}
