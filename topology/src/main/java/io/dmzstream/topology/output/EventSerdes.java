package io.dmzstream.topology.output;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.LabelEvent;
import io.dmzstream.schemas.LatentCommand;
import io.dmzstream.schemas.LatentEvent;
import io.dmzstream.schemas.ReconstructionEvent;
import io.dmzstream.schemas.SampleEvent;
import io.dmzstream.schemas.TransferEvent;
import io.dmzstream.schemas.registry.HttpSchemaRegistryClient;
import io.dmzstream.schemas.registry.RegistryUnavailableException;
import io.dmzstream.schemas.serde.AvroSerdeConfig;
import io.dmzstream.schemas.serde.SpecificAvroSerde;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Avro serdes of every topic, configured once from the registry settings of the service
 * configuration (URL, basic auth, trust store, timeouts, retries, auto-register; see
 * {@link AvroSerdeConfig}): Confluent wire format when a registry URL is set, single-object
 * encoding otherwise. Every command builds its serdes here, so they all reach the registry the same way.
 */
public final class EventSerdes {
    private static final Logger LOG = LoggerFactory.getLogger(EventSerdes.class);

    private final Map<String, Object> settings;
    private final AvroSerdeConfig config;
    private HttpSchemaRegistryClient probeClient;

    /**
     * @param registrySettings the serde and registry keys (e.g. {@code DmzStreamConfig.registrySettings()});
     *                         other keys are ignored. Validated now: bad settings fail here, not at the first record.
     */
    public EventSerdes(Map<String, ?> registrySettings) {
        this.settings = new HashMap<>(registrySettings);
        this.config = AvroSerdeConfig.fromProperties(settings);
    }

    public static EventSerdes withoutRegistry() {
        return new EventSerdes(Map.of());
    }

    /** The registry's URL without credentials, when one is configured (safe to log). */
    public Optional<String> registryUrl() {
        return config.registryBaseUrl();
    }

    /**
     * Asks the registry whether it accepts the credentials, so that a wrong password stops start-up
     * with a message naming the registry and the HTTP status (never the credentials). A registry that
     * cannot be reached only warns: records wait for it and are served once it is back.
     *
     * @throws ConfigException when the registry refuses the credentials (HTTP 401 or 403)
     */
    public void checkRegistryAccess() {
        try {
            probeRegistry();
        } catch (RegistryUnavailableException e) {
            if (e.credentialsRejected()) {
                throw new ConfigException(e.getMessage() + ": check basic.auth.user.info (or the user info of "
                        + "schema.registry.url) and basic.auth.credentials.source");
            }
            LOG.warn("{}; starting anyway: records that need the registry wait until it answers", e.getMessage());
        }
    }

    /**
     * Asks the registry whether it can be used now (Confluent's {@code GET /config}, with the
     * credentials); does nothing without a registry.
     *
     * @throws RegistryUnavailableException when it cannot: unreachable, 5xx, credentials refused...
     */
    public void probeRegistry() {
        if (!config.usesRegistry()) {
            return;
        }
        HttpSchemaRegistryClient client;
        synchronized (this) {
            // one client for every probe: each JDK HttpClient holds a selector thread until collected
            if (probeClient == null) {
                probeClient = new HttpSchemaRegistryClient(config);
            }
            client = probeClient;
        }
        client.checkAccess();
    }

    public <T extends SpecificRecord> SpecificAvroSerde<T> serde(Class<T> type) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(settings, false);
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

    public SpecificAvroSerde<LatentCommand> commands() {
        return serde(LatentCommand.class);
    }

    public SpecificAvroSerde<SampleEvent> samples() {
        return serde(SampleEvent.class);
    }
}
