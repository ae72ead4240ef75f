package io.dmzstream.topology.output;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.LabelEvent;
import io.dmzstream.schemas.LatentEvent;
import io.dmzstream.schemas.ReconstructionEvent;
import io.dmzstream.schemas.TransferEvent;
import io.dmzstream.schemas.serde.SpecificAvroSerde;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Avro serdes of every topic, configured once: Confluent wire format when a registry URL is
 * set, single-object encoding otherwise.
 */
public final class EventSerdes {
    private final Map<String, Object> config;

    public EventSerdes(String registryUrl, Map<String, ?> extra) {
        this.config = new HashMap<>(extra);
        if (registryUrl != null && !registryUrl.isBlank()) {
            config.put("schema.registry.url", registryUrl);
        }
    }

    public static EventSerdes withoutRegistry() {
        return new EventSerdes(null, Map.of());
    }

    public <T extends SpecificRecord> SpecificAvroSerde<T> serde(Class<T> type) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(config, false);
        return serde;
    }

    public SpecificAvroSerde<ImageEvent> images() {
        return serde(ImageEvent.class);
    }

    public SpecificAvroSerde<LatentEvent> latents() {
        return serde(LatentEvent.class);
    }

    public SpecificAvroSerde<LabelEvent> labels() {
        return serde(LabelEvent.class);
    }

    public SpecificAvroSerde<ReconstructionEvent> reconstructions() {
        return serde(ReconstructionEvent.class);
    }

    public SpecificAvroSerde<TransferEvent> transfers() {
        return serde(TransferEvent.class);
    }
}
