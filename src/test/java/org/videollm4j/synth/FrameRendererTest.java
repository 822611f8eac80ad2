package org.videollm4j.synth;

import org.junit.jupiter.api.Test;
import org.videollm4j.image.RgbImage;

import static org.assertj.core.api.Assertions.assertThat;

class FrameRendererTest {

    /** Fraction of pixels in the card panel's border strip (inside the panel, outside the text) of one colour. */
    private static double panelStripShare(RgbImage img, int value) {
        int w = img.width();
        int h = img.height();
        int x0 = (int) Math.ceil(FrameRenderer.CARD_MARGIN * w) + 1;
        int y0 = (int) Math.ceil(FrameRenderer.CARD_MARGIN * h) + 1;
        int strip = Math.max(1, (int) (0.05 * w)); // narrower than the panel's padding
        int hit = 0;
        int all = 0;
        for (int y = y0; y < h - y0; y++) {
            for (int x = x0; x < w - x0; x++) {
                boolean inStrip = x < x0 + strip || x >= w - x0 - strip || y < y0 + strip || y >= h - y0 - strip;
                if (inStrip) {
                    all++;
                    if (img.get(x, y, 0) == value && img.get(x, y, 1) == value && img.get(x, y, 2) == value) {
                        hit++;
                    }
                }
            }
        }
        return (double) hit / all;
    }

    private static double inkShare(RgbImage img, int ink) {
        int hit = 0;
        int w = img.width();
        int h = img.height();
        for (int y = h / 4; y < 3 * h / 4; y++) {
            for (int x = w / 4; x < 3 * w / 4; x++) {
                if (img.get(x, y, 0) == ink) {
                    hit++;
                }
            }
        }
        return hit / (double) (w * h / 4);
    }

    @Test
    void cardIsOnScreenExactlyDuringItsTime() {
        for (long seed = 0; seed < 20; seed++) {
            Scenario s = Scenario.generate(SynthOptions.ofSeconds(120), seed);
            FrameRenderer r = new FrameRenderer(s);
            for (CardEvent c : s.cards()) {
                int panel = c.inverted() ? 0 : 255;
                for (int size : new int[] {128, 64, 32}) {
                    RgbImage during = r.render((c.startMs() + c.endMs()) / 2000.0, size, size);
                    assertThat(panelStripShare(during, panel)).as("card %s at %d px", c, size).isEqualTo(1.0);
                    // the glyph: some ink in the middle, but not all of it
                    assertThat(inkShare(during, 255 - panel)).isBetween(0.05, 0.9);
                    assertThat(panelStripShare(r.render(c.startSeconds(), size, size), panel)).isEqualTo(1.0);
                    assertThat(panelStripShare(r.render((c.startMs() - 1) / 1000.0, size, size), panel)).isLessThan(0.5);
                    assertThat(panelStripShare(r.render(c.endSeconds(), size, size), panel)).isLessThan(0.5);
                }
            }
        }
    }

    @Test
    void shapeCentreShowsItsColourOnlyWhileVisible() {
        Scenario s = Scenario.generate(SynthOptions.ofSeconds(300), 11);
        FrameRenderer r = new FrameRenderer(s);
        for (ShapeEvent e : s.shapes()) {
            for (double t : new double[] {e.startSeconds(), (e.startMs() + e.endMs()) / 2000.0, (e.endMs() - 1) / 1000.0}) {
                double[] c = e.centreAt(t);
                RgbImage img = r.render(t, 128, 128);
                int x = (int) (c[0] * 128);
                int y = (int) (c[1] * 128);
                int rgb = (img.get(x, y, 0) << 16) | (img.get(x, y, 1) << 8) | img.get(x, y, 2);
                assertThat(rgb).as("%s at %.3f", e, t).isEqualTo(e.colour().rgb());
            }
            double[] c = e.centreAt(e.endSeconds());
            RgbImage after = r.render(e.endSeconds(), 128, 128);
            int x = (int) (c[0] * 128);
            int y = (int) (c[1] * 128);
            int rgb = (after.get(x, y, 0) << 16) | (after.get(x, y, 1) << 8) | after.get(x, y, 2);
            assertThat(rgb).as("%s after its end", e).isNotEqualTo(e.colour().rgb());
        }
    }

    @Test
    void framesAreDeterministicAndChangeWithTheWorld() {
        Scenario s = Scenario.generate(SynthOptions.ofSeconds(60), 4);
        for (double t = 0; t < 60; t += 3.7) {
            RgbImage a = FrameRenderer.render(s, t, 96, 64);
            RgbImage b = new FrameRenderer(Scenario.generate(SynthOptions.ofSeconds(60), 4)).render(t, 96, 64);
            assertThat(a.pixels()).isEqualTo(b.pixels());
        }
        RgbImage other = FrameRenderer.render(Scenario.generate(SynthOptions.ofSeconds(60), 5), 10, 96, 64);
        assertThat(other.pixels()).isNotEqualTo(FrameRenderer.render(s, 10, 96, 64).pixels());
    }

    @Test
    void backgroundsAreMutedSoShapeColoursAndCardsStandOut() {
        for (long seed = 0; seed < 30; seed++) {
            Scenario s = Scenario.generate(SynthOptions.ofSeconds(300), seed);
            for (Scene sc : s.scenes()) {
                int[] px = Backgrounds.paint(sc, 32, 32, null);
                for (int p : px) {
                    int r = p >> 16 & 0xFF;
                    int g = p >> 8 & 0xFF;
                    int b = p & 0xFF;
                    int max = Math.max(r, Math.max(g, b));
                    int min = Math.min(r, Math.min(g, b));
                    assertThat(max).as("scene %s", sc).isBetween(60, 200); // never card white or black
                    assertThat(max - min).as("saturation in scene %s", sc).isLessThan(80);
                }
            }
        }
    }

    @Test
    void captionsNameWhatIsVisible() {
        Scenario s = Scenario.generate(SynthOptions.ofSeconds(120), 8);
        CardEvent c = s.needle();
        assertThat(s.captionAt(c.startSeconds()).text()).isEqualTo(c.kind().word() + " card " + c.text());
        ShapeEvent e = s.shapes().getFirst();
        assertThat(s.captionAt(e.startSeconds()).text()).isEqualTo(e.colour().word() + " " + e.shape().word());
        assertThat(s.captionAt(e.endSeconds()).text()).isEqualTo("nothing");
    }

    @Test
    void everyCardTextHasGlyphs() {
        for (CardKind k : CardKind.values()) {
            for (String t : k.texts()) {
                for (char ch : t.toCharArray()) {
                    boolean any = false;
                    for (int row = 0; row < Glyphs.ROWS; row++) {
                        for (int col = 0; col < Glyphs.COLS; col++) {
                            any |= Glyphs.ink(ch, col, row);
                        }
                    }
                    assertThat(any).as("glyph of %s", ch).isTrue();
                }
            }
        }
    }
}
