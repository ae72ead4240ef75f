package io.dmzstream.topology.cli;

import io.dmzstream.topology.config.DmzStreamConfig;
import io.dmzstream.topology.engine.ModelSource;
import io.dmzstream.topology.engine.ZooModelSource;
import java.nio.file.Path;

/** The zoo models a command serves, as configured. */
final class Models {
    private Models() {
    }

    static ModelSource fromConfig(DmzStreamConfig config) {
        return new ZooModelSource(Path.of(config.getString(DmzStreamConfig.MODEL_ZOO_DIR)),
                config.getList(DmzStreamConfig.MODEL_NAMES), config.getList(DmzStreamConfig.BRIDGE_NAMES),
                config.inferenceThreads());
    }
}
