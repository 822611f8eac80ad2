package org.videollm4j.preprocess;

import org.junit.jupiter.api.Test;
import org.videollm4j.image.RgbImage;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ImageLoaderTest {
    @Test
    void transparentPixelsAreCompositedOnWhiteLikePil() {
        RgbImage got = ImageLoader.read(Path.of("testdata/resize/alpha_src.png"));
        RgbImage want = ImageLoader.read(Path.of("testdata/resize/alpha_on_white.png"));
        assertThat(got.width()).isEqualTo(11);
        assertThat(got.pixels()).containsExactly(want.pixels());
        assertThat(got.get(0, 0, 0)).isEqualTo(255); // row 0 fully transparent
    }
}
