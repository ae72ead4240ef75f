package io.dmzstream.topology.validation;

import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.model.serving.ModelInfo;
import io.dmzstream.schemas.ImageEvent;
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
 * ({@link EventBounds}) first of all, before any message repeats a string; {@link Preprocessing}
 * brings the image to the model's input shape (or refuses it) last.
 */
public final class ImageValidator {
    private final ModelCatalog catalog;
    private final int maxImageBytes;
    private final int defaultSteps;
    private final int maxSteps;
    private final Preprocessing preprocessing;
    private final EventBounds bounds;

    public ImageValidator(ModelCatalog catalog, int maxImageBytes, int defaultSteps, int maxSteps) {
        this(catalog, maxImageBytes, defaultSteps, maxSteps, Preprocessing.DEFAULT, EventBounds.DEFAULT);
    }

    public ImageValidator(ModelCatalog catalog, int maxImageBytes, int defaultSteps, int maxSteps,
                          Preprocessing preprocessing, EventBounds bounds) {
        this.preprocessing = preprocessing;
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
        DmzModel model = catalog.model(domain);
        ModelInfo info = model.info();

        Set<Product> products = products(event);
        boolean decodes = products.contains(Product.RECONSTRUCTION) || products.contains(Product.TRANSFER);
        Integer asked = event.getSteps();
        if (asked != null && (asked < 1 || asked > maxSteps)) {
            throw new Rejection(Rejection.STEPS_OUT_OF_RANGE, "steps " + asked + " not in [1, " + maxSteps + "]");
        }
        int steps = decodes ? (asked != null ? asked : defaultSteps) : 0;
        if (products.contains(Product.LABEL) && !model.hasLabelHead()) {
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
        ModelInput input = preprocessing.apply(event, bytes, info);
        InferenceRequest request = new InferenceRequest(domain, input.pixels(), products, steps,
                products.contains(Product.TRANSFER) ? target : null, seed);
        return new ValidImage(request, info.width(), info.height(), input.fittedFrom());
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
