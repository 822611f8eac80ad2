package org.videollm4j.memory;

import org.videollm4j.image.RgbImage;

/** Small copies of frames for reports: nearest-neighbour shrink to at most {@link #MAX_SIDE} pixels. */
public final class Thumbnails {
    /** Longest side of a thumbnail in pixels. */
    public static final int MAX_SIDE = 160;

    private Thumbnails() {
    }

    public static RgbImage shrink(RgbImage im) {
        int w = im.width(), h = im.height();
        double s = Math.min(1.0, (double) MAX_SIDE / Math.max(w, h));
        int tw = Math.max(1, (int) Math.round(w * s)), th = Math.max(1, (int) Math.round(h * s));
        if (tw == w && th == h) {
            return im;
        }
        byte[] src = im.pixels(); // (h, w, 3)
        byte[] dst = new byte[tw * th * 3]; // (th, tw, 3)
        for (int y = 0; y < th; y++) {
            int sy = Math.min(h - 1, (int) ((y + 0.5) * h / th));
            for (int x = 0; x < tw; x++) {
                int sx = Math.min(w - 1, (int) ((x + 0.5) * w / tw));
                System.arraycopy(src, (sy * w + sx) * 3, dst, (y * tw + x) * 3, 3);
            }
        }
        return new RgbImage(tw, th, dst);
    }
}
