package io.dmzstream.topology.command;

import io.dmzstream.model.serving.ModelInfo;
import io.dmzstream.schemas.InputRef;
import io.dmzstream.schemas.ModelRef;
import io.dmzstream.schemas.SampleEvent;
import io.dmzstream.topology.engine.InferenceResult;
import io.dmzstream.topology.output.PngEncoder;
import java.nio.ByteBuffer;
import java.util.Locale;

/** Builds the SampleEvent of one decoded image of a command. */
final class SampleEvents {
    private SampleEvents() {
    }

    static SampleEvent build(SamplePlan plan, int index, InputRef ref, InferenceResult.Decoded decoded) {
        ModelInfo m = decoded.model();
        return SampleEvent.newBuilder()
                .setCommandId(plan.commandId()).setIndex(index).setTotal(plan.total()).setInputRef(ref)
                .setKind(plan.kind()).setDomain(plan.domain()).setModel(ref(m.name(), m.version()))
                .setPrior(plan.prior() == null ? null : ref(plan.prior()))
                .setLabel(plan.label())
                .setCode(LatentCodes.pack(plan.code(index)))
                .setPng(ByteBuffer.wrap(PngEncoder.encode(decoded.image(), m.width(), m.height(), m.channels())))
                .setWidth(m.width()).setHeight(m.height()).setChannels(m.channels())
                .setSteps(decoded.steps()).setSeed(decoded.seed())
                .setSampler(decoded.sampler().name().toLowerCase(Locale.ROOT))
                .build();
    }

    /** A ModelRef from an id {@code name:version} (the form CodePrior names itself in). */
    private static ModelRef ref(String id) {
        int colon = id.lastIndexOf(':');
        return colon < 0 ? ref(id, "") : ref(id.substring(0, colon), id.substring(colon + 1));
    }

    private static ModelRef ref(String name, String version) {
        return ModelRef.newBuilder().setName(name).setVersion(version).build();
    }
}
