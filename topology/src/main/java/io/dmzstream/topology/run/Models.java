package io.dmzstream.topology.run;

import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.engine.ModelSource;
import io.dmzstream.topology.engine.ZooModelSource;
import java.nio.file.Path;

/** The zoo models a command serves, as configured. */
public final class Models {
    private Models() {
    }

    public static ModelSource fromConfig(DmzStreamConfig config) {
        return new ZooModelSource(Path.of(config.getString(DmzStreamConfig.MODEL_ZOO_DIR)),
                config.getList(DmzStreamConfig.MODEL_NAMES), config.getList(DmzStreamConfig.BRIDGE_NAMES),
                config.tensorFlowThreads());
    }
}
