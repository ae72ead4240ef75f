package io.dmzstream.topology.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dmzstream.topology.config.DmzStreamConfig;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** image.resize and its per-domain overrides, from a config file's keys and from DMZ_ variables. */
class ResizePolicyTest {

    @Test
    void rejectEverywhereByDefault() {
        DmzStreamConfig config = new DmzStreamConfig(Map.of());
        assertEquals(ResizePolicy.REJECT, config.resizePolicy());
        assertEquals(ResizePolicy.Mode.REJECT, config.resizePolicy().modeFor("anything"));
        assertEquals(Preprocessing.DEFAULT_MAX_PIXELS, config.getLong(DmzStreamConfig.IMAGE_MAX_PIXELS));
    }

    @Test
    void aDomainOverridesTheDefault() {
        ResizePolicy p = new DmzStreamConfig(Map.of("image.resize", "fit", "image.resize.mnist", "REJECT",
                "image.resize.fashion-mnist", "fit")).resizePolicy();
        assertEquals(ResizePolicy.Mode.REJECT, p.modeFor("mnist"));
        assertEquals(ResizePolicy.Mode.FIT, p.modeFor("fashion-mnist"));
        assertEquals(ResizePolicy.Mode.FIT, p.modeFor("mnistm"));
    }

    @Test
    void environmentVariablesSetTheDefaultAndOverrides() {
        Map<String, String> env = Map.of("DMZ_IMAGE_RESIZE_MNISTM", "fit", "DMZ_IMAGE_MAX_PIXELS", "4096");
        DmzStreamConfig config = DmzStreamConfig.load(null, env);
        assertEquals(ResizePolicy.Mode.FIT, config.resizePolicy().modeFor("mnistm"));
        assertEquals(ResizePolicy.Mode.REJECT, config.resizePolicy().modeFor("mnist"));
        assertEquals(4096L, config.getLong(DmzStreamConfig.IMAGE_MAX_PIXELS));
        assertEquals(ResizePolicy.Mode.FIT,
                DmzStreamConfig.load(null, Map.of("DMZ_IMAGE_RESIZE", "fit")).resizePolicy().modeFor("mnist"));
    }

    @Test
    void badValuesFailAtStartUpNamingTheKey() {
        ConfigException perDomain = assertThrows(ConfigException.class,
                () -> new DmzStreamConfig(Map.of("image.resize.mnist", "stretch")));
        assertTrue(perDomain.getMessage().contains("image.resize.mnist"), perDomain.getMessage());
        assertThrows(ConfigException.class, () -> new DmzStreamConfig(Map.of("image.resize", "pad")));
        assertThrows(ConfigException.class, () -> new DmzStreamConfig(Map.of("image.resize.", "fit")));
        assertThrows(ConfigException.class, () -> new DmzStreamConfig(Map.of("image.max.pixels", "0")));
    }

    @Test
    void overridesMustNameServedDomains() {
        ResizePolicy p = new ResizePolicy(ResizePolicy.Mode.REJECT, Map.of("mnsit", ResizePolicy.Mode.FIT));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.requireServed(Set.of("mnist")));
        assertTrue(e.getMessage().contains("mnsit") && e.getMessage().contains("mnist"), e.getMessage());
        new ResizePolicy(ResizePolicy.Mode.FIT, Map.of("mnist", ResizePolicy.Mode.REJECT)).requireServed(Set.of("mnist"));
    }
}
