package io.dmzstream.topology.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.model.data.PixelScale;
import io.dmzstream.model.serving.DmzModel;
import io.dmzstream.schemas.ImageEvent;
import io.dmzstream.schemas.ImageFormat;
import io.dmzstream.schemas.OutputKind;
import io.dmzstream.topology.engine.ModelCatalog;
import io.dmzstream.topology.testing.ImageFiles;
import io.dmzstream.topology.testing.StandInModel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Validation at any model shape: exact PNG, JPEG and RAW_U8 inputs at 32x32x3 and at a non-square
 * grey 24x32 (H x W), the reject and fit policies per domain, the pixel limit read from headers
 * before decoding, and LABEL for a model without a label head.
 */
class ImageShapesValidationTest {
    private final ModelCatalog catalog = catalog();

    private static ModelCatalog catalog() {
        Map<String, DmzModel> models = new LinkedHashMap<>();
        models.put("colour", new StandInModel("colour", Duration.ZERO, 32, 32, 3, StandInModel.LABELS));
        models.put("wide", new StandInModel("wide", Duration.ZERO, 24, 32, 1, StandInModel.LABELS));
        models.put("tiny", new StandInModel("tiny", Duration.ZERO, 16, 16, 3, StandInModel.LABELS));
        models.put("flat", new StandInModel("flat", Duration.ZERO, 16, 16, 1, List.of()));
        return ModelCatalog.of(models, Map.of());
    }

    @AfterEach
    void close() {
        catalog.close();
    }

    private ImageValidator validator(ResizePolicy policy, long maxPixels) {
        return new ImageValidator(catalog, 1 << 20, 10, 100, new Preprocessing(policy, maxPixels), EventBounds.DEFAULT);
    }

    /** Default reject, fit for the {@code tiny} domain only. */
    private ImageValidator fitTiny() {
        return validator(new ResizePolicy(ResizePolicy.Mode.REJECT, Map.of("tiny", ResizePolicy.Mode.FIT)),
                Preprocessing.DEFAULT_MAX_PIXELS);
    }

    private static Rejection rejected(ImageValidator validator, ImageEvent event) {
        return assertThrows(Rejection.class, () -> validator.validate(event, 1L));
    }

    private static float[] model(byte[] u8) {
        float[] out = new float[u8.length];
        for (int i = 0; i < u8.length; i++) {
            out[i] = PixelScale.toModel(u8[i]);
        }
        return out;
    }

    private static BufferedImage read(byte[] file) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(file));
    }

    @Test
    void anRgbPngAtTheModelsShapeIsServedPixelForPixel() {
        BufferedImage img = ImageFiles.redOverBlue(32, 32);
        ValidImage v = fitTiny().validate(ImageFiles.event("p", "colour", ImageFormat.PNG, ImageFiles.png(img),
                32, 32, 3).build(), 1L);
        assertArrayEquals(model(ImageFiles.raw(img, 3)), v.pixels(), 0f);
        assertNull(v.fittedFrom());
        // red on top (R=1, B=-1), blue below
        assertEquals(1f, v.pixels()[0], 0f);
        assertEquals(-1f, v.pixels()[2], 0f);
        int bottom = (31 * 32) * 3;
        assertEquals(-1f, v.pixels()[bottom], 0f);
        assertEquals(1f, v.pixels()[bottom + 2], 0f);
    }

    @Test
    void aJpegIsDecodedAsTheJpegReaderReadsIt() throws IOException {
        BufferedImage img = ImageFiles.redOverBlue(32, 32);
        byte[] jpeg = ImageFiles.jpeg(img);
        ValidImage v = fitTiny().validate(ImageFiles.event("j", "colour", ImageFormat.JPEG, jpeg, 32, 32, 3).build(), 1L);
        assertArrayEquals(model(ImageFiles.raw(read(jpeg), 3)), v.pixels(), 0f);
        assertNull(v.fittedFrom());
        assertTrue(v.pixels()[0] > 0.8f && v.pixels()[2] < -0.8f, "lossy, but still red on top");
    }

    @Test
    void aGreyJpegServesAGreyModel() throws IOException {
        BufferedImage img = ImageFiles.greySplit(32, 24, 16);
        byte[] jpeg = ImageFiles.jpeg(img);
        ValidImage v = fitTiny().validate(ImageFiles.event("g", "wide", ImageFormat.JPEG, jpeg, 32, 24, 1).build(), 1L);
        assertEquals(24 * 32, v.pixels().length);
        assertArrayEquals(model(ImageFiles.raw(read(jpeg), 1)), v.pixels(), 0f);
    }

    @Test
    void nonSquareRawAndPngAreServedAtHeightByWidth() {
        BufferedImage img = ImageFiles.greySplit(32, 24, 8);
        ImageValidator v = fitTiny();
        float[] raw = v.validate(ImageFiles.event("r", "wide", ImageFormat.RAW_U8, ImageFiles.raw(img, 1), 32, 24, 1)
                .build(), 1L).pixels();
        float[] png = v.validate(ImageFiles.event("p", "wide", ImageFormat.PNG, ImageFiles.png(img), 32, 24, 1)
                .build(), 1L).pixels();
        assertArrayEquals(raw, png, 0f);
        assertEquals(1f, raw[7], 0f); // row 0, x 7: white
        assertEquals(-1f, raw[8], 0f);
        assertEquals(1f, raw[23 * 32 + 7], 0f); // last row
        // the same image transposed is not the model's shape
        Rejection r = rejected(v, ImageFiles.event("t", "wide", ImageFormat.RAW_U8, ImageFiles.raw(img, 1), 24, 32, 1)
                .build());
        assertEquals(Rejection.WRONG_DIMENSIONS, r.reason());
        assertTrue(r.getMessage().contains("24x32x1") && r.getMessage().contains("32x24x1"), r.getMessage());
    }

    @Test
    void rejectRefusesAnotherShapeAndFitResizesCropsAndConvertsIt() {
        // 40 x 30 grey, white on the left half: fit scales the short side to 16 (21 x 16) and crops 2 columns off each side
        BufferedImage img = ImageFiles.greySplit(40, 30, 20);
        byte[] png = ImageFiles.png(img);
        Rejection r = rejected(fitTiny(), ImageFiles.event("x", "colour", ImageFormat.PNG, png, 40, 30, 1).build());
        assertEquals(Rejection.WRONG_DIMENSIONS, r.reason());
        assertTrue(r.getMessage().contains("image.resize.colour=fit"), r.getMessage());

        ValidImage v = fitTiny().validate(ImageFiles.event("x", "tiny", ImageFormat.PNG, png, 40, 30, 1).build(), 1L);
        assertEquals(new InputShape(40, 30, 1), v.fittedFrom());
        assertEquals(16, v.width());
        assertEquals(16, v.height());
        float[] px = v.pixels();
        assertEquals(16 * 16 * 3, px.length);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                int i = (y * 16 + x) * 3;
                assertEquals(px[i], px[i + 1], 0f, "grey to RGB repeats the value");
                assertEquals(px[i], px[i + 2], 0f);
            }
            assertEquals(1f, px[(y * 16) * 3], 0f, "left edge white");
            assertEquals(-1f, px[(y * 16 + 15) * 3], 0f, "right edge black");
        }
        // the split sits at 20 * 21/40 - 2 = 8.5 columns: columns 0..7 white, 9..15 black
        assertTrue(px[(8 * 16 + 7) * 3] > 0.5f && px[(8 * 16 + 9) * 3] < -0.5f);
    }

    @Test
    void fitTakesRawBytesAndColourToGreyToo() {
        BufferedImage img = ImageFiles.redOverBlue(20, 40);
        ImageValidator all = validator(new ResizePolicy(ResizePolicy.Mode.FIT, Map.of()), 10_000);
        ValidImage fromRaw = all.validate(ImageFiles.event("r", "flat", ImageFormat.RAW_U8, ImageFiles.raw(img, 3),
                20, 40, 3).build(), 1L);
        ValidImage fromPng = all.validate(ImageFiles.event("p", "flat", ImageFormat.PNG, ImageFiles.png(img),
                20, 40, 3).build(), 1L);
        assertArrayEquals(fromRaw.pixels(), fromPng.pixels(), 0f);
        assertEquals(new InputShape(20, 40, 3), fromRaw.fittedFrom());
        assertEquals(16 * 16, fromRaw.pixels().length);
        // luma: red 0.299 * 255 = 76, blue 0.114 * 255 = 29; scaled to 16 x 32, the crop keeps rows 8..23, split at 16
        assertEquals(PixelScale.toModel((byte) 76), fromRaw.pixels()[0], 1e-6f);
        assertEquals(PixelScale.toModel((byte) 29), fromRaw.pixels()[15 * 16], 1e-6f);
    }

    @Test
    void theFilesHeaderMustAgreeWithTheEvent() {
        BufferedImage img = ImageFiles.redOverBlue(32, 32);
        Rejection size = rejected(fitTiny(), ImageFiles.event("s", "colour", ImageFormat.PNG,
                ImageFiles.png(ImageFiles.redOverBlue(32, 30)), 32, 32, 3).build());
        assertEquals(Rejection.WRONG_DIMENSIONS, size.reason());
        assertTrue(size.getMessage().contains("32x30"), size.getMessage());
        Rejection colour = rejected(validator(new ResizePolicy(ResizePolicy.Mode.FIT, Map.of()), 1 << 20),
                ImageFiles.event("c", "colour", ImageFormat.JPEG, ImageFiles.jpeg(img), 32, 32, 1).build());
        assertEquals(Rejection.WRONG_DIMENSIONS, colour.reason());
        assertTrue(colour.getMessage().contains("colour"), colour.getMessage());
        // a JPEG sent as PNG is not read by the JPEG reader behind the event's back
        assertEquals(Rejection.CORRUPT_PNG, rejected(fitTiny(), ImageFiles.event("f", "colour", ImageFormat.PNG,
                ImageFiles.jpeg(img), 32, 32, 3).build()).reason());
        assertEquals(Rejection.CORRUPT_JPEG, rejected(fitTiny(), ImageFiles.event("f", "colour", ImageFormat.JPEG,
                ImageFiles.png(img), 32, 32, 3).build()).reason());
        byte[] jpeg = ImageFiles.jpeg(img);
        for (int cut : new int[] {200, jpeg.length - 40}) {
            // in the tables, or in the scan (where the reader would only warn and fill the rest with grey)
            Rejection t = rejected(fitTiny(), ImageFiles.event("t", "colour", ImageFormat.JPEG,
                    java.util.Arrays.copyOf(jpeg, cut), 32, 32, 3).build());
            assertEquals(Rejection.CORRUPT_JPEG, t.reason(), "cut at " + cut + ": " + t.getMessage());
        }
    }

    @Test
    void headersDeclaringHugeImagesAreRefusedBeforeDecoding() {
        ImageValidator v = fitTiny();
        byte[] png = ImageFiles.withPngSize(ImageFiles.png(ImageFiles.greySplit(40, 30, 20)), 30_000, 30_000);
        byte[] jpeg = ImageFiles.withJpegSize(ImageFiles.jpeg(ImageFiles.redOverBlue(40, 30)), 30_000, 30_000);
        // the events understate the size: only the header tells, and it is read before any pixel
        Rejection p = rejected(v, ImageFiles.event("p", "tiny", ImageFormat.PNG, png, 40, 30, 1).build());
        Rejection j = rejected(v, ImageFiles.event("j", "tiny", ImageFormat.JPEG, jpeg, 40, 30, 3).build());
        assertEquals(Rejection.TOO_MANY_PIXELS, p.reason(), p.getMessage());
        assertEquals(Rejection.TOO_MANY_PIXELS, j.reason(), j.getMessage());
        assertTrue(j.getMessage().contains("30000x30000") && j.getMessage().contains("image.max.pixels"), j.getMessage());

        ImageValidator small = validator(new ResizePolicy(ResizePolicy.Mode.FIT, Map.of()), 1000);
        Rejection stated = rejected(small, ImageFiles.event("r", "tiny", ImageFormat.RAW_U8, new byte[40 * 30], 40, 30, 1)
                .build());
        assertEquals(Rejection.TOO_MANY_PIXELS, stated.reason());
        small.validate(ImageFiles.event("ok", "tiny", ImageFormat.RAW_U8, new byte[25 * 40 * 3], 25, 40, 3).build(), 1L);
    }

    @Test
    void channelsOtherThanGreyOrRgbAreWrongDimensions() {
        Rejection r = rejected(validator(new ResizePolicy(ResizePolicy.Mode.FIT, Map.of()), 1 << 20),
                ImageFiles.event("a", "tiny", ImageFormat.RAW_U8, new byte[16 * 16 * 4], 16, 16, 4).build());
        assertEquals(Rejection.WRONG_DIMENSIONS, r.reason());
        assertEquals(Rejection.RAW_LENGTH_MISMATCH, rejected(fitTiny(), ImageFiles.event("l", "tiny",
                ImageFormat.RAW_U8, new byte[17], 40, 30, 1).build()).reason());
    }

    @Test
    void labelRequestsForAModelWithoutALabelHeadAreRefused() {
        byte[] raw = new byte[16 * 16];
        Rejection r = rejected(fitTiny(), ImageFiles.event("l", "flat", ImageFormat.RAW_U8, raw, 16, 16, 1,
                OutputKind.LATENT, OutputKind.LABEL).build());
        assertEquals(Rejection.NO_LABEL_HEAD, r.reason());
        fitTiny().validate(ImageFiles.event("ok", "flat", ImageFormat.RAW_U8, raw, 16, 16, 1,
                OutputKind.LATENT, OutputKind.RECONSTRUCTION).build(), 1L);
    }
}
