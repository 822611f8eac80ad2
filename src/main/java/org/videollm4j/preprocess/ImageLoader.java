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

    /** PIL's alpha_composite of one channel over white, rounded as PIL does ((c*a + 255*(255-a)) / 255). */
    private static int overWhite(int c, int a) {
        return (c * a + 255 * (255 - a) + 127) / 255;
    }
}
