package io.dmzstream.topology.validation;

import io.dmzstream.model.serving.ModelInfo;
import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.ImageFormat;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.topology.engine.InferenceRequest;
import io.dmzstream.topology.engine.ModelCatalog;
import io.dmzstream.topology.engine.Product;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;

/**
 * Checks an ImageEvent against the served models and limits, decodes its pixels and builds the
 * engine request; throws a {@link Rejection} naming the first problem. Cheap checks run first so
 * oversized or unknown-domain events never reach the image decoder, and string lengths
 * ({@link EventBounds}) first of all, before any message repeats a string.
 */
public final class ImageValidator {
    private final ModelCatalog catalog;
    private final int maxImageBytes;
    private final int defaultSteps;
    private final int maxSteps;
    private final EventBounds bounds;

    public ImageValidator(ModelCatalog catalog, int maxImageBytes, int defaultSteps, int maxSteps) {
        this(catalog, maxImageBytes, defaultSteps, maxSteps, EventBounds.DEFAULT);
    }

    public ImageValidator(ModelCatalog catalog, int maxImageBytes, int defaultSteps, int maxSteps, EventBounds bounds) {
        this.bounds = bounds;
        this.catalog = catalog;
        this.maxImageBytes = maxImageBytes;
        this.defaultSteps = defaultSteps;
        this.maxSteps = maxSteps;
    }

    /** @param seed the decode seed already derived for this event */
    public ValidImage validate(ImageEvent event, long seed) {
        bounds.check(event);
        ByteBuffer buffer = event.getImage();
        int size = buffer == null ? 0 : buffer.remaining();
        if (size > maxImageBytes) {
            throw new Rejection(Rejection.IMAGE_TOO_LARGE,
                    "image is " + size + " bytes; image.max.bytes is " + maxImageBytes);
        }
        String domain = event.getDomain();
        if (!catalog.domains().contains(domain)) {
            throw new Rejection(Rejection.UNKNOWN_DOMAIN,
                    "unknown domain '" + domain + "' (served: " + catalog.domains() + ")");
        }
        ModelInfo info = catalog.info(domain);
        int w = event.getWidth();
        int h = event.getHeight();
        int c = event.getChannels();
        if (w != info.width() || h != info.height() || c != info.channels()) {
            throw new Rejection(Rejection.WRONG_DIMENSIONS, "image is " + w + "x" + h + "x" + c + " but model "
                    + info.id() + " takes " + info.width() + "x" + info.height() + "x" + info.channels());
        }

        Set<Product> products = products(event);
        boolean decodes = products.contains(Product.RECONSTRUCTION) || products.contains(Product.TRANSFER);
        Integer asked = event.getSteps();
        if (asked != null && (asked < 1 || asked > maxSteps)) {
            throw new Rejection(Rejection.STEPS_OUT_OF_RANGE, "steps " + asked + " not in [1, " + maxSteps + "]");
        }
        int steps = decodes ? (asked != null ? asked : defaultSteps) : 0;
        if (products.contains(Product.LABEL) && info.labels().isEmpty()) {
            throw new Rejection(Rejection.NO_LABEL_HEAD, "model " + info.id() + " has no label head");
        }
        String target = event.getTargetDomain();
        if (products.contains(Product.TRANSFER)) {
            if (target == null || target.isBlank()) {
                throw new Rejection(Rejection.MISSING_TARGET_DOMAIN, "TRANSFER requested without targetDomain");
            }
            if (catalog.bridge(domain, target).isEmpty()) {
                throw new Rejection(Rejection.NO_BRIDGE, "no bridge from " + domain + " to " + target);
            }
        }

        byte[] bytes = new byte[size];
        if (buffer != null) {
            buffer.duplicate().get(bytes);
        }
        float[] pixels = event.getFormat() == ImageFormat.PNG
                ? ImageDecoder.png(bytes, w, h, c)
                : ImageDecoder.raw(bytes, w, h, c);
        InferenceRequest request = new InferenceRequest(domain, pixels, products, steps,
                products.contains(Product.TRANSFER) ? target : null, seed);
        return new ValidImage(request, w, h);
    }

    private static Set<Product> products(ImageEvent event) {
        if (event.getOutputs() == null || event.getOutputs().isEmpty()) {
            throw new Rejection(Rejection.NO_OUTPUTS, "the event asks for no outputs");
        }
        Set<Product> products = EnumSet.noneOf(Product.class);
        for (OutputKind kind : event.getOutputs()) {
            products.add(Product.valueOf(kind.name()));
        }
        return products;
    }
}
