package org.videollm4j.preprocess;

import org.junit.jupiter.api.Test;
import org.videollm4j.image.RgbImage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** BicubicResampler against torchvision 0.14 output made by training/make_resize_goldens.py. */
class BicubicResamplerTest {
    static final Path DIR = Path.of("testdata/resize");

    @Test
    void matchesTorchvisionBitExactly() throws Exception {
        List<String> cases = Files.readAllLines(DIR.resolve("cases.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(15);
        int maxDiff = 0;
        long differing = 0;
        long total = 0;
        StringBuilder report = new StringBuilder();
        for (String line : cases) {
            String[] f = line.trim().split("\\s+");
            RgbImage src = ImageLoader.read(DIR.resolve(f[0]));
            int w = Integer.parseInt(f[1]);
            int h = Integer.parseInt(f[2]);
            RgbImage want = ImageLoader.read(DIR.resolve(f[3]));
            RgbImage got = BicubicResampler.resize(src, w, h);
            assertThat(got.width()).isEqualTo(w);
            assertThat(got.height()).isEqualTo(h);
            int caseMax = 0;
            int caseDiff = 0;
            for (int i = 0; i < want.pixels().length; i++) {
                int d = Math.abs((got.pixels()[i] & 0xFF) - (want.pixels()[i] & 0xFF));
                if (d != 0) {
                    caseDiff++;
                }
                caseMax = Math.max(caseMax, d);
            }
            report.append(String.format("%s: max %d, %d of %d differ%n", f[3], caseMax, caseDiff, want.pixels().length));
            maxDiff = Math.max(maxDiff, caseMax);
            differing += caseDiff;
            total += want.pixels().length;
        }
        System.out.printf("BicubicResampler vs torchvision: max |diff| %d, %d of %d values differ%n",
                maxDiff, differing, total);
        assertThat(maxDiff).as(report.toString()).isZero();
    }

    @Test
    void sameSizeReturnsInput() {
        RgbImage img = new RgbImage(3, 2, new byte[18]);
        assertThat(BicubicResampler.resize(img, 3, 2)).isSameAs(img);
    }

    @Test
    void constantImageStaysConstant() {
        java.util.Random rnd = new java.util.Random(7);
        for (int t = 0; t < 50; t++) {
            int w = 1 + rnd.nextInt(40);
            int h = 1 + rnd.nextInt(40);
            byte v = (byte) rnd.nextInt(256);
            byte[] px = new byte[w * h * 3];
            java.util.Arrays.fill(px, v);
            RgbImage out = BicubicResampler.resize(new RgbImage(w, h, px), 1 + rnd.nextInt(60), 1 + rnd.nextInt(60));
            for (byte b : out.pixels()) {
                assertThat(b & 0xFF).isEqualTo(v & 0xFF);
            }
        }
    }
}
