package dev.convoy.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.BadInputException;
import org.junit.jupiter.api.Test;

class PreprocessingSettingsTest {
    @Test
    void yamlRoundTripsEverySetting() {
        PreprocessingSettings s = PreprocessingSettings.parse("color: bgr\nresize: 256\ncenter_crop: 224x200\nscale: 1/255\n"
                + "mean: [0.485, 0.456, 0.406]\nstd: [0.229, 0.224, 0.225]\nlayout: nhwc\n", "test");
        assertEquals(Preprocessing.Color.BGR, s.color());
        assertEquals(new Preprocessing.Size(256, 256, true), s.resize());
        assertEquals(new Preprocessing.Size(224, 200, false), s.centerCrop());
        assertEquals(1f / 255, s.scale());
        assertArrayEquals(new float[] {0.485f, 0.456f, 0.406f}, s.mean());
        assertEquals(Preprocessing.Layout.NHWC, s.layout());
        assertEquals(s, PreprocessingSettings.parse(s.toYaml(), "round trip"), s.toYaml());
    }

    @Test
    void laterSettingsWinAndUnsetOnesFallToTheDefaults() {
        PreprocessingSettings stored = PreprocessingSettings.parse("center_crop: 28\nmean: [0.1, 0.2, 0.3]\n", "model");
        PreprocessingSettings flags = new PreprocessingSettings(null, null, null, 0.5f, null, null, null);
        PreprocessingSettings merged = stored.overriddenBy(flags);
        assertEquals(0.5f, merged.scale());
        assertEquals(new Preprocessing.Size(28, 28, true), merged.centerCrop());
        Preprocessing p = merged.resolve(3);
        assertEquals(Preprocessing.Color.RGB, p.color());
        assertEquals(Preprocessing.Layout.NCHW, p.layout());
        assertEquals(0, p.std().length);
        assertNull(PreprocessingSettings.NONE.resolve(1).resize());
        assertEquals(Preprocessing.Color.GRAY, PreprocessingSettings.NONE.resolve(1).color());
        assertTrue(PreprocessingSettings.parse("", "empty").isEmpty());
    }

    @Test
    void badDocumentsNameTheKey() {
        assertEquals("f.yaml: layout: 'chw' is not one of nchw, nhwc",
                assertThrows(BadInputException.class, () -> PreprocessingSettings.parse("layout: chw", "f.yaml")).getMessage());
        assertEquals("f.yaml: mean[1]: not a finite number",
                assertThrows(BadInputException.class, () -> PreprocessingSettings.parse("mean: [1, x, 2]", "f.yaml")).getMessage());
        assertTrue(assertThrows(BadInputException.class, () -> PreprocessingSettings.parse("- a\n- b", "f.yaml")).getMessage()
                .startsWith("f.yaml: not a preprocessing file"));
        assertTrue(assertThrows(BadInputException.class, () -> PreprocessingSettings.parse("a: [", "f.yaml")).getMessage()
                .startsWith("f.yaml: not a preprocessing file (not valid YAML"));
    }
}
