package io.dmzstream.topology.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.topology.deadletter.DeadLetterHeaders;
import io.dmzstream.topology.engine.EngineSettings;
import io.dmzstream.topology.engine.InferenceEngine;
import io.dmzstream.topology.output.EventSerdes;
import io.dmzstream.topology.output.OutputEvents;
import io.dmzstream.topology.testing.Images;
import io.dmzstream.topology.testing.TestModels;
import io.dmzstream.topology.validation.ImageValidator;
import io.dmzstream.topology.validation.ReceivedImageSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The restore stage of the batching contract: what {@code init()} does with the buffer it inherits. */
class DurableBatchingProcessorTest {
    private static final String TOPIC = "dmz.images";
    /** Bytes the restore-time deserializer cannot read because its dependency times out (a transient fault). */
    private static final byte[] UNREADABLE_NOW = "registry times out on this one".getBytes(StandardCharsets.UTF_8);

    private final EventSerdes serdes = EventSerdes.withoutRegistry();
    private final InferenceEngine engine = InferenceEngine.start(EngineSettings.builder().build(),
            TestModels.standIns(Duration.ofSeconds(2)));
    private final MockProcessorContext<byte[], Object> context = new MockProcessorContext<>();
    private final KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(BatchingSettings.DEFAULT_STORE), Serdes.Bytes(), Serdes.ByteArray())
            .withLoggingDisabled().build();

    DurableBatchingProcessorTest() {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private void buffer(long offset, byte[] value) {
        BufferedRequest r = new BufferedRequest(TOPIC, 0, offset, 1000L + offset,
                ("k" + offset).getBytes(StandardCharsets.UTF_8), value);
        store.put(r.storeKey(), r.encode());
    }

    private byte[] event(ImageEvent event) {
        return serdes.images().serializer().serialize(TOPIC, event);
    }

    private DurableBatchingProcessor processor(int maxSteps) {
        return processor(maxSteps, new TimeoutException("schema registry timed out"));
    }

    private DurableBatchingProcessor processor(int maxSteps, RuntimeException transientFault) {
        Serde<ImageEvent> events = serdes.images();
        Deserializer<ImageEvent> inner = events.deserializer();
        Serde<ImageEvent> flaky = Serdes.serdeFrom(events.serializer(), (topic, bytes) -> {
            if (Arrays.equals(bytes, UNREADABLE_NOW)) {
                throw transientFault;
            }
            return inner.deserialize(topic, bytes);
        });
        return new DurableBatchingProcessor(engine,
                new ImageValidator(engine.catalog(), 1 << 20, 10, maxSteps),
                new ReceivedImageSerde(flaky), new OutputEvents(3), OutputRouting.DEFAULT,
                new BatchingSettings(BatchingSettings.DEFAULT_STORE, 128, Duration.ofMillis(5)));
    }

    @Test
    void restoreStageDeadLettersWaitForTheFirstPunctuationAndKeepOffsetOrder() {
        buffer(0, event(Images.raw("a", "mnist", 1, OutputKind.RECONSTRUCTION).setSteps(40).build()));
        buffer(1, event(Images.raw("b", "mnist", 2, OutputKind.LATENT).build()));
        buffer(2, event(Images.raw("c", "cifar10", 3, OutputKind.LATENT).build()));
        DurableBatchingProcessor processor = processor(20);
        processor.init(context);
        // sink nodes are not initialised while a processor initialises: nothing may be forwarded yet
        assertTrue(context.forwarded().isEmpty(), "forwarded during init(): " + context.forwarded().size());

        context.scheduledPunctuators().get(0).getPunctuator().punctuate(0L);
        List<String> reasons = context.forwarded(OutputRouting.DEFAULT.deadLetterSink()).stream()
                .map(f -> DeadLetterHeaders.get(f.record().headers(), DeadLetterHeaders.REASON)).toList();
        assertEquals(List.of("steps_out_of_range"), reasons,
                "offset 0 goes at once; offset 2 waits behind offset 1, still in flight");
        assertEquals(2, processor.inFlight(), "offset 1 in flight, offset 2 decided behind it");
        processor.close();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"timeout", "registry"})
    void aTransientFaultDuringRestoreFailsInitAndCancelsWhatItSubmitted(String fault) {
        buffer(0, event(Images.raw("a", "mnist", 1, OutputKind.LATENT).build()));
        buffer(1, event(Images.raw("b", "mnist", 2, OutputKind.LATENT).build()));
        buffer(2, UNREADABLE_NOW);
        DurableBatchingProcessor processor = processor(50, fault.equals("timeout")
                ? new TimeoutException("schema registry timed out")
                : new io.dmzstream.schemas.registry.RegistryUnavailableException("registry answered 503",
                        "http://registry", 503, null));
        RuntimeException e = assertThrows(RuntimeException.class, () -> processor.init(context),
                "a transient fault is not bad input: the task fails and is retried");
        assertTrue(context.forwarded().isEmpty(), "nothing dead-lettered: " + context.forwarded().size());
        assertEquals(0, engine.inFlight(), "the requests init() submitted are cancelled: " + e);
        assertEquals(3, store.approximateNumEntries(), "and stay in the buffer for the retry");
    }
}
