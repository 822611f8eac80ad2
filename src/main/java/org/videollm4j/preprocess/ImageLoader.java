package org.videollm4j.preprocess;

import org.videollm4j.image.RgbImage;
import org.videollm4j.util.BadInputException;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Reads a still image (PNG, JPEG, BMP, GIF: whatever javax.imageio decodes) into an {@link RgbImage}.
 * Transparent pixels are composited on white, like transformers' {@code image_transforms.convert_to_rgb}
 * (RGBA alpha-composited over an opaque white canvas, then RGB).
 */
public final class ImageLoader {
    private ImageLoader() {
    }

    public static RgbImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw BadInputException.file(file, "image file not found");
        }
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw BadInputException.file(file, "cannot decode image: " + e.getMessage(), e);
        }
        if (img == null) {
            throw BadInputException.file(file, "not an image format this build can decode (PNG, JPEG, BMP, GIF)");
        }
        return fromBufferedImage(img);
    }

    public static RgbImage fromBufferedImage(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] px = new byte[w * h * 3]; // (h, w, 3)
        int[] row = new int[w];
        boolean alpha = img.getColorModel().hasAlpha();
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int argb = row[x];
                int r = (argb >> 16) & 0xFF;
                int g = (argb >> 8) & 0xFF;
                int b = argb & 0xFF;
                if (alpha) {
                    int a = (argb >>> 24) & 0xFF;
                    r = overWhite(r, a);
                    g = overWhite(g, a);
                    b = overWhite(b, a);
                }
                int o = (y * w + x) * 3;
                px[o] = (byte) r;
                px[o + 1] = (byte) g;
                px[o + 2] = (byte) b;
            }
        }
        return new RgbImage(w, h, px);
    }

    /**
     * One channel of PIL's {@code Image.alpha_composite(white, src)} (libImaging/AlphaComposite.c, integer
     * path with 7 extra bits), specialised to an opaque white destination: coef1 = a * 128,
     * coef2 = (255 - a) * 128, out = SHIFTFORDIV255(c * coef1 + 255 * coef2 + (0x80 << 7)) >> 7.
     */
    static int overWhite(int c, int a) {
        if (a == 0) {
            return 255;
        }
        int tmp = c * a * 128 + 255 * (255 - a) * 128 + (0x80 << 7);
        int div255 = ((tmp >> 8) + tmp) >> 8;
        return div255 >> 7;
    }
}
