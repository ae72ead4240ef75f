package io.dmzstream.schemas.evolution;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.LabelEvent;
import io.dmzstream.schemas.LatentCommand;
import io.dmzstream.schemas.LatentEvent;
import io.dmzstream.schemas.ReconstructionEvent;
import io.dmzstream.schemas.SampleEvent;
import io.dmzstream.schemas.TransferEvent;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import java.util.List;

/** The top-level record types that travel on topics, i.e. the schemas that get registered and released. */
public final class EventSchemas {

    public static final List<Class<? extends SpecificRecord>> TYPES = List.of(
        ImageEvent.class, LatentEvent.class, LabelEvent.class, ReconstructionEvent.class, TransferEvent.class,
        LatentCommand.class, SampleEvent.class);

    private EventSchemas() {
    }

    /** Current (compiled-in) schemas of {@link #TYPES}, in the same order. */
    public static List<Schema> current() {
        return TYPES.stream().map(type -> SpecificData.get().getSchema(type)).toList();
    }
}
