package org.videollm4j.video;

import org.videollm4j.image.RgbImage;

/** Turns frames upright for display, as the ffmpeg command line does by default (its autorotate). */
final class Rotation {
    private Rotation() {
    }

    /** IMG turned clockwise by DEGREES (0, 90, 180 or 270). */
    static RgbImage clockwise(RgbImage img, int degrees) {
        int w = img.width(), h = img.height();
        byte[] src = img.pixels(); // (h, w, 3)
        return switch (degrees) {
            case 0 -> img;
            case 90 -> turn(src, w, h, h, w, (x, y) -> (h - 1 - x) * w + y);
            case 180 -> turn(src, w, h, w, h, (x, y) -> (h - 1 - y) * w + (w - 1 - x));
            case 270 -> turn(src, w, h, h, w, (x, y) -> x * w + (w - 1 - y));
            default -> throw new IllegalArgumentException("rotation must be 0, 90, 180 or 270, got " + degrees);
        };
    }

    /** Maps output pixel (x, y) to the index of the source pixel it takes. */
    private interface Source {
        int at(int x, int y);
    }

    private static RgbImage turn(byte[] src, int w, int h, int outW, int outH, Source source) {
        byte[] out = new byte[src.length]; // (outH, outW, 3)
        int o = 0;
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++, o += 3) {
                int s = source.at(x, y) * 3;
                out[o] = src[s];
                out[o + 1] = src[s + 1];
                out[o + 2] = src[s + 2];
            }
        }
        return new RgbImage(outW, outH, out);
    }
}
