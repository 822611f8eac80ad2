package org.videollm4j.preprocess;

import org.videollm4j.image.RgbImage;
import org.videollm4j.preprocess.PixelBatch.ImageGrid;

import java.util.ArrayList;
import java.util.List;

/**
 * SmolVLM's image and video-frame preprocessing (model-architectures.md A8, A9), the "fast" torchvision
 * variant: transformers' {@code SmolVLMImageProcessorFast} / {@code SmolVLMVideoProcessor}.
 *
 * <p>Deliberate choice: every resize is torchvision's BICUBIC with antialias ({@link BicubicResampler},
 * bit-exact), even when the config says {@code resample: 1} (PIL LANCZOS). The slow PIL processor would use
 * LANCZOS there; the fast processor (transformers' default in recent versions) cannot and falls back to
 * BICUBIC + antialias, and the video processor always does. One resampler for images and frames keeps the
 * Java side testable bit-for-bit against torchvision; the difference from LANCZOS is a few grey levels.
 *
 * <p>Images: (1) longest edge to size.longest_edge, other edge {@code int(...)} rounded up to even, clamp to
 * 4096 ({@code _resize_output_size_rescale_to_max_len}, {@code _resize_output_size_scale_below_upper_bound});
 * (2a) splitting: resize to multiples of M keeping the aspect ({@code resize_for_vision_encoder}), cut M x M
 * tiles row-major, then the global image = that picture resized to M x M; an image that ends up M x M is
 * not split; (2b) no splitting: resize to M x M. Frames: longest edge to video_size (same rule), then M x M.
 * Then uint8 -> float32 and the fused rescale+normalise of transformers' fast processors
 * ({@code BaseImageProcessorFast._fuse_mean_std_and_rescale_factor}): {@code (x - mean/r) / (std/r)} with
 * {@code mean/r, std/r} computed in float32 ((x - 127.5) / 127.5 for SmolVLM).
 */
public final class SmolVlmImageProcessor {
    static final int MAX_IMAGE_SIZE = 4096;
    private final ProcessorConfig cfg;
    private final float[] shift = new float[3]; // per channel: value subtracted
    private final float[] scale = new float[3]; // per channel: multiplier (rescale only) or divisor (normalise)
    private final boolean divide;

    public SmolVlmImageProcessor(ProcessorConfig cfg) {
        this.cfg = cfg;
        double[] mean = cfg.imageMean();
        double[] std = cfg.imageStd();
        float inv = (float) (1.0 / cfg.rescaleFactor());
        for (int c = 0; c < 3; c++) {
            if (cfg.doRescale() && cfg.doNormalize()) {
                shift[c] = (float) mean[c] * inv;
                scale[c] = (float) std[c] * inv;
            } else if (cfg.doNormalize()) {
                shift[c] = (float) mean[c];
                scale[c] = (float) std[c];
            } else {
                shift[c] = 0f;
                scale[c] = cfg.doRescale() ? (float) cfg.rescaleFactor() : 1f;
            }
        }
        divide = cfg.doNormalize();
    }

    public ProcessorConfig config() {
        return cfg;
    }

    /** Side M of every output picture. */
    public int size() {
        return cfg.maxImageSize();
    }

    /** Still images: tiles (row-major) then the global image, per image, in order. */
    public PixelBatch processImages(List<RgbImage> images) {
        List<RgbImage> pictures = new ArrayList<>();
        List<ImageGrid> grids = new ArrayList<>();
        for (RgbImage img : images) {
            grids.add(cutImage(img, pictures));
        }
        return pack(pictures, grids);
    }

    /** Video frames: one M x M picture per frame, never split. */
    public PixelBatch processFrames(List<RgbImage> frames) {
        List<RgbImage> pictures = new ArrayList<>();
        for (RgbImage f : frames) {
            pictures.add(framePicture(f));
        }
        return packFrames(pictures);
    }

    /**
     * The M x M picture of one video frame (resize to the video's longest edge, then to M x M): what
     * {@link #processFrames} does per frame, for callers that preprocess frames as they are decoded.
     */
    public RgbImage framePicture(RgbImage frame) {
        int m = cfg.maxImageSize();
        int[] hw = longestEdgeSize(frame.height(), frame.width(), cfg.video().longestEdge());
        RgbImage r = BicubicResampler.resize(frame, hw[1], hw[0]);
        return BicubicResampler.resize(r, m, m);
    }

    /** Normalised pixel values of frame pictures made by {@link #framePicture}, one unsplit picture each. */
    public PixelBatch packFrames(List<RgbImage> pictures) {
        List<ImageGrid> grids = new ArrayList<>();
        for (int i = 0; i < pictures.size(); i++) {
            grids.add(ImageGrid.SINGLE);
        }
        return pack(pictures, grids);
    }

    /** Appends the pictures of one still image to {@code out} and returns its grid. */
    ImageGrid cutImage(RgbImage img, List<RgbImage> out) {
        int m = cfg.maxImageSize();
        if (cfg.doResize()) {
            int[] hw = longestEdgeSize(img.height(), img.width(), cfg.longestEdge());
            img = BicubicResampler.resize(img, hw[1], hw[0]);
        }
        if (!cfg.doImageSplitting()) {
            out.add(BicubicResampler.resize(img, m, m));
            return ImageGrid.SINGLE;
        }
        int[] hw = visionEncoderSize(img.height(), img.width(), m);
        img = BicubicResampler.resize(img, hw[1], hw[0]);
        if (hw[0] <= m && hw[1] <= m) {
            out.add(img);
            return ImageGrid.SINGLE;
        }
        int rows = ceilDiv(hw[0], m);
        int cols = ceilDiv(hw[1], m);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out.add(crop(img, c * m, r * m, m));
            }
        }
        out.add(BicubicResampler.resize(img, m, m));
        return new ImageGrid(rows, cols);
    }

    /** A8 step 1: (h, w) with the longest edge = {@code longest}, other edge int() then rounded up to even. */
    static int[] longestEdgeSize(int h0, int w0, int longest) {
        double aspect = (double) w0 / h0;
        int h;
        int w;
        if (w0 >= h0) {
            w = longest;
            h = (int) (w / aspect);
            h += h % 2;
        } else {
            h = longest;
            w = (int) (h * aspect);
            w += w % 2;
        }
        h = Math.max(h, 1);
        w = Math.max(w, 1);
        aspect = (double) w / h;
        if (w >= h && w > MAX_IMAGE_SIZE) {
            w = MAX_IMAGE_SIZE;
            h = (int) (MAX_IMAGE_SIZE / aspect);
        } else if (h > w && h > MAX_IMAGE_SIZE) {
            h = MAX_IMAGE_SIZE;
            w = (int) (MAX_IMAGE_SIZE * aspect);
        }
        return new int[] {Math.max(h, 1), Math.max(w, 1)};
    }

    /** A8 step 2 ({@code resize_for_vision_encoder}): (h, w) as multiples of m, aspect from the input. */
    static int[] visionEncoderSize(int h, int w, int m) {
        double aspect = (double) w / h;
        if (w >= h) {
            w = ceilDiv(w, m) * m;
            h = (int) (w / aspect);
            h = ceilDiv(h, m) * m;
        } else {
            h = ceilDiv(h, m) * m;
            w = (int) (h * aspect);
            w = ceilDiv(w, m) * m;
        }
        return new int[] {h, w};
    }

    private static int ceilDiv(int a, int b) {
        return Math.ceilDiv(a, b);
    }

    private static RgbImage crop(RgbImage img, int x0, int y0, int m) {
        byte[] out = new byte[m * m * 3]; // (m, m, 3)
        for (int y = 0; y < m; y++) {
            System.arraycopy(img.pixels(), ((y0 + y) * img.width() + x0) * 3, out, y * m * 3, m * 3);
        }
        return new RgbImage(m, m, out);
    }

    private PixelBatch pack(List<RgbImage> pictures, List<ImageGrid> grids) {
        int m = cfg.maxImageSize();
        int plane = m * m;
        float[] px = new float[pictures.size() * 3 * plane]; // (n, 3, m, m)
        for (int n = 0; n < pictures.size(); n++) {
            RgbImage p = pictures.get(n);
            if (p.width() != m || p.height() != m) {
                throw new IllegalStateException("picture " + n + " is " + p.width() + "x" + p.height() + ", not " + m);
            }
            byte[] src = p.pixels();
            for (int c = 0; c < 3; c++) {
                int base = (n * 3 + c) * plane;
                for (int i = 0; i < plane; i++) {
                    float v = src[i * 3 + c] & 0xFF;
                    px[base + i] = divide ? (v - shift[c]) / scale[c] : v * scale[c];
                }
            }
        }
        return new PixelBatch(px, pictures.size(), m, grids);
    }
}
