package io.dmzstream.schemas.testing;

import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.ImageFormat;
import io.dmzstream.schemas.ImageShape;
import io.dmzstream.schemas.InputRef;
import io.dmzstream.schemas.LabelEvent;
import io.dmzstream.schemas.LabelScore;
import io.dmzstream.schemas.LatentCode;
import io.dmzstream.schemas.LatentCommand;
import io.dmzstream.schemas.LatentCommandKind;
import io.dmzstream.schemas.LatentEvent;
import io.dmzstream.schemas.ModelRef;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.schemas.ReconstructionEvent;
import io.dmzstream.schemas.ReconstructionMode;
import io.dmzstream.schemas.SampleEvent;
import io.dmzstream.schemas.TransferEvent;
import org.apache.avro.specific.SpecificRecord;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/** Sample events with every field set to something other than its default. */
public final class TestEvents {

    private TestEvents() {
    }

    public static ImageEvent image() {
        byte[] pixels = new byte[28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 7);
        }
        return ImageEvent.newBuilder()
            .setId("img-42")
            .setDomain("mnist")
            .setFormat(ImageFormat.RAW_U8)
            .setImage(ByteBuffer.wrap(pixels))
            .setWidth(28)
            .setHeight(28)
            .setChannels(1)
            .setOutputs(List.of(OutputKind.LATENT, OutputKind.RECONSTRUCTION, OutputKind.TRANSFER))
            .setSteps(20)
            .setTargetDomain("fashion-mnist")
            .setSeed(1234567890123L)
            .setReconstructionMode(ReconstructionMode.EXACT)
            .setAttributes(Map.of("label", "7", "source", "unit-test"))
            .build();
    }

    /** A 40x30 grey input that the service fitted to a model's shape. */
    public static ImageShape fittedFrom() {
        return new ImageShape(40, 30, 1);
    }

    public static InputRef inputRef() {
        return new InputRef("dmz.images", 3, 1_000_000_007L);
    }

    public static ModelRef model() {
        return new ModelRef("dmz-mnist", "2026.11.1");
    }

    public static LatentEvent latent() {
        return LatentEvent.newBuilder()
            .setId("img-42").setInputRef(inputRef()).setModel(model()).setDomain("mnist")
            .setBits(ByteBuffer.wrap(new byte[] {(byte) 0b1010_0000, 0x0F}))
            .setD(12)
            .setProbabilities(List.of(0.9f, 0.1f, 0.8f, 0.2f, 0.3f, 0.4f, 0.45f, 0.01f, 0.6f, 0.7f, 0.55f, 0.99f))
            .setFittedFrom(fittedFrom())
            .build();
    }

    public static LabelEvent label() {
        return LabelEvent.newBuilder()
            .setId("img-42").setInputRef(inputRef()).setModel(model())
            .setLabel(7).setName("seven").setConfidence(0.93f)
            .setTopK(List.of(new LabelScore(7, "seven", 0.93f), new LabelScore(1, "one", 0.05f)))
            .setFittedFrom(fittedFrom())
            .build();
    }

    public static ReconstructionEvent reconstruction() {
        return ReconstructionEvent.newBuilder()
            .setId("img-42").setInputRef(inputRef()).setModel(model())
            .setPng(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
            .setWidth(28).setHeight(28).setChannels(3).setSteps(20).setSeed(99L).setSampler("ddim").setMse(0.0125f)
            .setFittedFrom(fittedFrom())
            .build();
    }

    public static TransferEvent transfer() {
        return TransferEvent.newBuilder()
            .setId("img-42").setInputRef(inputRef())
            .setSourceDomain("mnist").setTargetDomain("fashion-mnist")
            .setSourceModel(model()).setTargetModel(new ModelRef("dmz-fashion", "2026.11.1"))
            .setBridge("identity")
            .setPng(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G', 1}))
            .setWidth(28).setHeight(28).setChannels(3).setSteps(10).setSeed(5L).setSampler("ddim")
            .setFittedFrom(fittedFrom())
            .build();
    }

    public static LatentCommand command() {
        return LatentCommand.newBuilder()
            .setId("cmd-7").setKind(LatentCommandKind.INTERPOLATE).setDomain("mnist")
            .setCount(3).setLabel(4)
            .setFrom(new LatentCode(ByteBuffer.wrap(new byte[] {(byte) 0b1010_0000, 0x0F}), 12))
            .setTo(new LatentCode(ByteBuffer.wrap(new byte[] {0x01, (byte) 0xF0}), 12))
            .setPoints(5).setCodesModel(model()).setSteps(10).setSeed(77L)
            .setAttributes(Map.of("source", "unit-test"))
            .build();
    }

    public static SampleEvent sample() {
        return SampleEvent.newBuilder()
            .setCommandId("cmd-7").setIndex(2).setTotal(5).setInputRef(new InputRef("dmz.commands", 1, 42L))
            .setKind(LatentCommandKind.GENERATE).setDomain("mnist").setModel(model())
            .setPrior(new ModelRef("dmz-mnist-prior", "1.0.0")).setLabel(4)
            .setCode(new LatentCode(ByteBuffer.wrap(new byte[] {0x01, (byte) 0xF0}), 12))
            .setPng(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G', 2}))
            .setWidth(28).setHeight(28).setChannels(1).setSteps(10).setSeed(78L).setSampler("ddpm")
            .build();
    }

    public static List<SpecificRecord> all() {
        return List.of(image(), latent(), label(), reconstruction(), transfer(), command(), sample());
    }
}
