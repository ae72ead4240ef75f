package io.dmzstream.topology.metrics;

import io.dmzstream.model.serving.ModelInfo;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Collection;

/**
 * {@code dmz_model_info{name, version, domain} 1} per served model. Registered on the Prometheus
 * registry itself: Micrometer's Prometheus registry would strip the {@code _info} suffix from a
 * gauge of that name.
 */
public final class ModelInfoMetric {
    private ModelInfoMetric() {
    }

    public static Info register(PrometheusRegistry registry, Collection<ModelInfo> models) {
        Info info = Info.builder()
                .name(MetricNames.MODEL_INFO)
                .help("Models served by this instance (value 1)")
                .labelNames("name", "version", "domain")
                .build();
        for (ModelInfo m : models) {
            info.addLabelValues(m.name(), m.version(), m.dataset());
        }
        registry.register(info);
        return info;
    }
}
