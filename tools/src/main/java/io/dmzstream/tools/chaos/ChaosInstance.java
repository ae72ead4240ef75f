package io.dmzstream.tools.chaos;

import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.engine.ModelCatalog;
import io.dmzstream.topology.engine.ModelSource;
import io.dmzstream.topology.run.RunCommand;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One service instance of a chaos run, in its own JVM: exactly what {@code run} does (same
 * configuration file, same graceful shutdown on SIGTERM), but serving {@link ChaosModel}s for the
 * domains {@link #DOMAINS}, whose calls obey the engine-fault control file.
 *
 * <p>Arguments: the configuration file, then the control file (optional).
 */
public final class ChaosInstance {
    static final String[] DOMAINS = {"mnist", "fashion"};

    private ChaosInstance() {
    }

    public static void main(String[] args) throws Exception {
        DmzStreamConfig config = DmzStreamConfig.load(Path.of(args[0]), System.getenv());
        EngineFaults faults = args.length > 1 ? new EngineFaults(Path.of(args[1])) : EngineFaults.none();
        System.exit(RunCommand.runUntilStopped(config, models(faults)));
    }

    static ModelSource models(EngineFaults faults) {
        Map<String, DmzModel> models = new LinkedHashMap<>();
        for (String domain : DOMAINS) {
            models.put(domain, new ChaosModel(domain, faults));
        }
        ModelCatalog catalog = ModelCatalog.of(models, Map.of());
        return device -> catalog;
    }
}
