package io.dmzstream.topology.validation;

import io.dmzstream.model.data.ImageFit;
import io.dmzstream.model.serving.ModelInfo;
import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.ImageFormat;
import java.awt.image.BufferedImage;

/**
 * Brings an event's image to its model's input shape under the domain's {@link ResizePolicy}:
 * an image of the model's shape is served as sent; another is a dead letter under {@code reject}
 * or, under {@code fit}, resized and centre-cropped with the model module's {@link ImageFit} (the
 * policy training used on image folders) and converted grey <-> RGB. Sizes are checked against
 * {@code image.max.pixels} before decoding, from the PNG/JPEG header.
 */
public final class Preprocessing {
    /** image.max.pixels default: 1024 x 1024. */
    public static final long DEFAULT_MAX_PIXELS = 1L << 20;
    /** Exact shapes only, the default pixel limit. */
    public static final Preprocessing DEFAULT = new Preprocessing(ResizePolicy.REJECT, DEFAULT_MAX_PIXELS);

    private final ResizePolicy policy;
    private final long maxPixels;

    public Preprocessing(ResizePolicy policy, long maxPixels) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        this.policy = policy;
        this.maxPixels = maxPixels;
    }

    public ResizePolicy policy() {
        return policy;
    }

    /** @throws Rejection naming what is wrong with the image for this model */
    public ModelInput apply(ImageEvent event, byte[] bytes, ModelInfo model) {
        InputShape sent = new InputShape(event.getWidth(), event.getHeight(), event.getChannels());
        InputShape wanted = new InputShape(model.width(), model.height(), model.channels());
        if (sent.width() < 1 || sent.height() < 1 || (sent.channels() != 1 && sent.channels() != 3)) {
            throw new Rejection(Rejection.WRONG_DIMENSIONS, "image is " + sent
                    + ": width and height must be positive and channels 1 (grey) or 3 (RGB)");
        }
        long pixels = (long) sent.width() * sent.height();
        if (pixels > maxPixels) {
            throw new Rejection(Rejection.TOO_MANY_PIXELS, "image is " + sent.width() + "x" + sent.height() + " = "
                    + pixels + " pixels; image.max.pixels is " + maxPixels);
        }
        boolean exact = sent.equals(wanted);
        ResizePolicy.Mode mode = policy.modeFor(event.getDomain());
        if (!exact && mode == ResizePolicy.Mode.REJECT) {
            throw new Rejection(Rejection.WRONG_DIMENSIONS, "image is " + sent + " but model " + model.id() + " takes "
                    + wanted + " (image.resize." + event.getDomain() + "=fit would resize it)");
        }
        if (exact && event.getFormat() == ImageFormat.RAW_U8) {
            return new ModelInput(ImageDecoder.raw(bytes, sent.width(), sent.height(), sent.channels()), null);
        }
        BufferedImage image = event.getFormat() == ImageFormat.RAW_U8
                ? ImageDecoder.rawImage(bytes, sent)
                : ImageDecoder.decode(bytes, event.getFormat(), sent, maxPixels);
        float[] px = ImageDecoder.toModel(ImageFit.fit(image, wanted.width(), wanted.height(), wanted.channels()));
        return new ModelInput(px, exact ? null : sent);
    }

    @Override
    public String toString() {
        return "Preprocessing[resize " + policy + ", max " + maxPixels + " pixels]";
    }
}
