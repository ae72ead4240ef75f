package io.dmzstream.topology.output;

import io.dmzstream.model.network.BitThreshold;
import io.dmzstream.model.serving.ModelInfo;
import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.ImageShape;
import io.dmzstream.schemas.InputRef;
import io.dmzstream.schemas.LabelEvent;
import io.dmzstream.schemas.LabelScore;
import io.dmzstream.schemas.LatentEvent;
import io.dmzstream.schemas.ModelRef;
import io.dmzstream.schemas.ReconstructionEvent;
import io.dmzstream.schemas.TransferEvent;
import io.dmzstream.topology.engine.InferenceResult;
import io.dmzstream.topology.engine.Product;
import io.dmzstream.topology.validation.InputShape;
import io.dmzstream.topology.validation.ValidImage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Builds the output events of one served request. Every event carries the input's id, where the
 * input sits in Kafka and the model name and version that produced it.
 */
public final class OutputEvents {
    private final int topK;

    public OutputEvents(int topK) {
        this.topK = topK;
    }

    /** One output per requested kind, in a fixed order (latent, label, reconstruction, transfer). */
    public List<Output> build(ImageEvent event, ValidImage image, InputRef ref, InferenceResult result) {
        List<Output> out = new ArrayList<>(4);
        var request = image.request();
        InputShape fitted = image.fittedFrom();
        if (request.wants(Product.LATENT)) {
            LatentEvent latent = latent(event, ref, result);
            latent.setFittedFrom(shape(fitted));
            out.add(new Output(Product.LATENT, latent));
        }
        if (request.wants(Product.LABEL)) {
            LabelEvent label = label(event, ref, result);
            label.setFittedFrom(shape(fitted));
            out.add(new Output(Product.LABEL, label));
        }
        if (request.wants(Product.RECONSTRUCTION)) {
            ReconstructionEvent reconstruction = reconstruction(event, image, ref, result);
            reconstruction.setFittedFrom(shape(fitted));
            out.add(new Output(Product.RECONSTRUCTION, reconstruction));
        }
        if (request.wants(Product.TRANSFER)) {
            TransferEvent transfer = transfer(event, ref, result);
            transfer.setFittedFrom(shape(fitted));
            out.add(new Output(Product.TRANSFER, transfer));
        }
        return out;
    }

    /** An output event and the kind that selects its topic. */
    public record Output(Product kind, Object value) {
    }

    /** The schema's copy of the shape a producer sent (each event gets its own: Avro records are mutable). */
    static ImageShape shape(InputShape s) {
        return s == null ? null : ImageShape.newBuilder().setWidth(s.width()).setHeight(s.height())
                .setChannels(s.channels()).build();
    }

    static ModelRef ref(ModelInfo info) {
        return ModelRef.newBuilder().setName(info.name()).setVersion(info.version()).build();
    }

    LatentEvent latent(ImageEvent event, InputRef ref, InferenceResult r) {
        List<Float> probs = new ArrayList<>(r.probabilities().length);
        for (float p : r.probabilities()) {
            probs.add(p);
        }
        return LatentEvent.newBuilder()
                .setId(event.getId()).setInputRef(ref).setModel(ref(r.model())).setDomain(event.getDomain())
                .setBits(ByteBuffer.wrap(packBits(r.bits()))).setD(r.bits().length).setProbabilities(probs)
                .build();
    }

    LabelEvent label(ImageEvent event, InputRef ref, InferenceResult r) {
        float[] p = r.classProbabilities();
        List<String> names = r.model().labels();
        List<Integer> order = IntStream.range(0, p.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -p[i]).thenComparingInt(i -> i)).toList();
        List<LabelScore> top = new ArrayList<>();
        for (int i : order.subList(0, Math.min(topK, order.size()))) {
            top.add(LabelScore.newBuilder().setLabel(i).setName(name(names, i)).setProbability(p[i]).build());
        }
        int best = order.get(0);
        return LabelEvent.newBuilder()
                .setId(event.getId()).setInputRef(ref).setModel(ref(r.model()))
                .setLabel(best).setName(name(names, best)).setConfidence(p[best]).setTopK(top)
                .build();
    }

    ReconstructionEvent reconstruction(ImageEvent event, ValidImage image, InputRef ref, InferenceResult r) {
        InferenceResult.Decoded d = r.reconstruction();
        ModelInfo m = d.model();
        return ReconstructionEvent.newBuilder()
                .setId(event.getId()).setInputRef(ref).setModel(ref(m))
                .setPng(ByteBuffer.wrap(PngEncoder.encode(d.image(), m.width(), m.height(), m.channels())))
                .setWidth(m.width()).setHeight(m.height()).setChannels(m.channels()).setSteps(d.steps()).setSeed(d.seed())
                .setSampler(d.sampler().name().toLowerCase(Locale.ROOT))
                .setMse(mse(image.pixels(), d.image()))
                .build();
    }

    TransferEvent transfer(ImageEvent event, InputRef ref, InferenceResult r) {
        InferenceResult.Decoded d = r.transfer().decoded();
        ModelInfo target = d.model();
        return TransferEvent.newBuilder()
                .setId(event.getId()).setInputRef(ref)
                .setSourceDomain(event.getDomain()).setTargetDomain(target.dataset())
                .setSourceModel(ref(r.model())).setTargetModel(ref(target)).setBridge(r.transfer().bridge())
                .setPng(ByteBuffer.wrap(PngEncoder.encode(d.image(), target.width(), target.height(), target.channels())))
                .setWidth(target.width()).setHeight(target.height()).setChannels(target.channels())
                .setSteps(d.steps()).setSeed(d.seed())
                .setSampler(d.sampler().name().toLowerCase(Locale.ROOT))
                .build();
    }

    /** Bits packed 8 to a byte, most significant bit first; the last byte is zero-padded. */
    public static byte[] packBits(float[] bits) {
        byte[] out = new byte[(bits.length + 7) / 8];
        for (int i = 0; i < bits.length; i++) {
            if (BitThreshold.isSet(bits[i])) {
                out[i / 8] |= (byte) (0x80 >>> (i % 8));
            }
        }
        return out;
    }

    /** Mean squared error in pixel units scaled to [0, 1] (so it reads like the usual image MSE). */
    static float mse(float[] input, float[] output) {
        double sum = 0;
        for (int i = 0; i < input.length; i++) {
            double d = (input[i] - output[i]) / 2.0;
            sum += d * d;
        }
        return (float) (sum / input.length);
    }

    private static String name(List<String> names, int i) {
        return i < names.size() ? names.get(i) : String.valueOf(i);
    }
}
