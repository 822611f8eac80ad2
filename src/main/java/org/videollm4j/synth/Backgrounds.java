package org.videollm4j.synth;

import org.videollm4j.image.RgbImage;

import java.util.SplittableRandom;

/**
 * Paints a scene's background into a packed 0xRRGGBB buffer. Procedural kinds are defined in frame
 * fractions, so any resolution shows the same picture. Colours are muted (see
 * {@link ScenarioGenerator}); frames of a real video are muted here (mostly grey, reduced contrast).
 */
final class Backgrounds {
    private Backgrounds() {
    }

    /** @return pixels, (h, w) row-major, 0xRRGGBB */
    static int[] paint(Scene s, int w, int h, BackgroundSource source) {
        int[] px = new int[w * h]; // (h, w)
        if (s.background() == BackgroundKind.VIDEO) {
            if (source == null) {
                throw new IllegalStateException("scene " + s.index() + " has a video background but no background video was given");
            }
            RgbImage f = source.frame(s.sourceFraction(), w, h);
            byte[] b = f.pixels();
            for (int i = 0; i < w * h; i++) {
                int r = b[3 * i] & 0xFF;
                int g = b[3 * i + 1] & 0xFF;
                int bl = b[3 * i + 2] & 0xFF;
                int luma = (299 * r + 587 * g + 114 * bl) / 1000; // BT.601 weights
                px[i] = (mute(r, luma) << 16) | (mute(g, luma) << 8) | mute(bl, luma);
            }
            return px;
        }
        double ca = Math.cos(s.angle());
        double sa = Math.sin(s.angle());
        double[] noise = s.background() == BackgroundKind.NOISE ? noiseGrid(s) : null; // (detail+1, detail+1)
        for (int y = 0; y < h; y++) {
            double v = (y + 0.5) / h;
            for (int x = 0; x < w; x++) {
                double u = (x + 0.5) / w;
                double along = (u - 0.5) * ca + (v - 0.5) * sa; // -0.71 .. 0.71
                double f = switch (s.background()) {
                    case GRADIENT -> 0.5 + along / 1.42;
                    case STRIPES -> Math.floorMod((long) Math.floor((along + 1) * s.detail()), 2);
                    case CHECKER -> Math.floorMod((long) Math.floor(u * s.detail()) + (long) Math.floor(v * s.detail()), 2);
                    case NOISE -> smoothNoise(noise, s.detail(), u, v);
                    case VIDEO -> throw new AssertionError();
                };
                px[y * w + x] = lerp(s.colourA(), s.colourB(), f);
            }
        }
        return px;
    }

    /**
     * Mostly grey (a fifth of the colour kept) at reduced contrast: a green ball in the real video must
     * not pass for a green circle of the world.
     */
    private static int mute(int c, int luma) {
        int v = (luma * 80 + c * 20) / 100;
        return (128 * 100 + (v - 128) * 55) / 100;
    }

    private static double[] noiseGrid(Scene s) {
        int n = s.detail() + 1;
        SplittableRandom r = new SplittableRandom(s.textureSeed());
        double[] g = new double[n * n]; // (n, n)
        for (int i = 0; i < g.length; i++) {
            g[i] = r.nextDouble();
        }
        return g;
    }

    private static double smoothNoise(double[] g, int cells, double u, double v) {
        int n = cells + 1;
        double gx = u * cells;
        double gy = v * cells;
        int ix = Math.min(cells - 1, (int) gx);
        int iy = Math.min(cells - 1, (int) gy);
        double fx = smooth(gx - ix);
        double fy = smooth(gy - iy);
        double top = g[iy * n + ix] * (1 - fx) + g[iy * n + ix + 1] * fx;
        double bottom = g[(iy + 1) * n + ix] * (1 - fx) + g[(iy + 1) * n + ix + 1] * fx;
        return top * (1 - fy) + bottom * fy;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    private static int lerp(int a, int b, double f) {
        f = Math.max(0, Math.min(1, f));
        int r = (int) Math.round(((a >> 16) & 0xFF) * (1 - f) + ((b >> 16) & 0xFF) * f);
        int g = (int) Math.round(((a >> 8) & 0xFF) * (1 - f) + ((b >> 8) & 0xFF) * f);
        int bl = (int) Math.round((a & 0xFF) * (1 - f) + (b & 0xFF) * f);
        return (r << 16) | (g << 8) | bl;
    }
}
