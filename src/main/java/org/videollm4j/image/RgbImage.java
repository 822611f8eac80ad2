package org.videollm4j.image;

/**
 * An 8-bit RGB picture: a decoded video frame or a loaded image, before model preprocessing.
 *
 * @param pixels interleaved RGB bytes, (height, width, 3) row-major; read with {@code & 0xFF}
 */
public record RgbImage(int width, int height, byte[] pixels) {
    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (pixels.length != (long) width * height * 3) {
            throw new IllegalArgumentException("an RGB image of " + width + "x" + height + " needs "
                    + (long) width * height * 3 + " bytes, got " + pixels.length);
        }
    }

    /** Channel c (0 = R, 1 = G, 2 = B) of pixel (x, y), 0..255. */
    public int get(int x, int y, int c) {
        return pixels[(y * width + x) * 3 + c] & 0xFF;
    }
}
