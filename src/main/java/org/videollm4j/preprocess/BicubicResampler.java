package org.videollm4j.preprocess;

import org.videollm4j.image.RgbImage;

/**
 * Bicubic resize with antialiasing, bit-exact with torchvision 0.14's
 * {@code F.resize(uint8 tensor, [h, w], InterpolationMode.BICUBIC, antialias=True)} on torch 1.13 (CPU).
 *
 * <p>What torchvision does (torchvision/transforms/functional_tensor.py {@code resize},
 * {@code _cast_squeeze_in/_out}): returns the input untouched when the size is unchanged; otherwise
 * converts uint8 to float32, calls {@code interpolate(mode="bicubic", align_corners=False, antialias=True)}
 * = {@code _upsample_bicubic2d_aa}, clamps to [0, 255], rounds half to even and casts to uint8.
 *
 * <p>The kernel (aten/src/ATen/native/cpu/UpSampleKernel.cpp, {@code separable_upsample_generic_Nd_kernel_impl},
 * {@code HelperInterpBase::_compute_weights_aa}, {@code HelperInterpCubic::aa_filter}) is separable: first
 * along the width (skipped when the width is unchanged), then along the height (skipped likewise), with a
 * float32 intermediate that is not rounded. Per output pixel i: {@code scale = in/out} (float),
 * {@code center = scale*(i+0.5)}, {@code support = 2*scale} when downscaling else 2, taps
 * {@code [trunc(center-support+0.5), trunc(center+support+0.5))} clipped to the input, weights
 * {@code cubic((j - center + 0.5) * invscale)} with Keys' a = -0.5 and {@code invscale = 1/scale} when
 * downscaling else 1, normalised by their float sum. The float/double mix of each expression below is the
 * one of the C++ code (its literals are doubles); sums run in tap order. The Debian build selects the AVX2
 * kernels, compiled with FMA contraction: the multiply-adds marked "fused" below are single-rounding
 * {@link Math#fma}, and the tap sums mix rounded and fused steps as {@link #fusedFrom} explains; this is
 * what makes the result bit-exact (BicubicResamplerTest: 0 of 221,979 values differ).
 */
public final class BicubicResampler {
    private BicubicResampler() {
    }

    /** Resizes to (width, height); returns the same image when the size is unchanged (as torchvision does). */
    public static RgbImage resize(RgbImage src, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
        }
        if (width == src.width() && height == src.height()) {
            return src;
        }
        int inW = src.width();
        int inH = src.height();
        float[] plane = new float[3 * inH * inW]; // (3, inH, inW)
        byte[] px = src.pixels();
        for (int y = 0; y < inH; y++) {
            for (int x = 0; x < inW; x++) {
                for (int c = 0; c < 3; c++) {
                    plane[(c * inH + y) * inW + x] = px[(y * inW + x) * 3 + c] & 0xFF;
                }
            }
        }
        int curW = inW;
        if (width != inW) {
            plane = horizontal(plane, 3 * inH, inW, Axis.of(inW, width));
            curW = width;
        }
        if (height != inH) {
            plane = vertical(plane, 3, inH, curW, Axis.of(inH, height));
        }
        byte[] out = new byte[height * width * 3]; // (height, width, 3)
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    out[(y * width + x) * 3 + c] = (byte) toUint8(plane[(c * height + y) * width + x]);
                }
            }
        }
        return new RgbImage(width, height, out);
    }

    /**
     * First tap index of the fused tail of a {@code size}-tap sum. Taps 1..size-1 are added to tap 0 in order;
     * the compiled torch loop (GCC, AVX2) handles those {@code n = size - 1} additions in blocks of 4 as
     * products rounded to float then added in order (an in-order vectorised reduction), and the
     * {@code n % 4} left over in a scalar loop with fused multiply-adds. Found by matching torchvision's
     * output pixel for pixel (testdata/resize); plain or all-fused sums are off by one level on ~0.1%.
     */
    static int fusedFrom(int size) {
        int n = size - 1;
        return 1 + (n / 4) * 4;
    }

    /** clamp(0, 255) then torch.round (half to even) then cast. */
    static int toUint8(float v) {
        float clamped = Math.min(255f, Math.max(0f, v));
        return (int) Math.rint(clamped);
    }

    /** Interpolates along the last (contiguous) axis: rows x inW -> rows x outW. */
    private static float[] horizontal(float[] in, int rows, int inW, Axis ax) {
        int outW = ax.start.length;
        float[] out = new float[rows * outW]; // (rows, outW)
        for (int r = 0; r < rows; r++) {
            int base = r * inW;
            for (int i = 0; i < outW; i++) {
                int w0 = i * ax.taps;
                int s = base + ax.start[i];
                float acc = in[s] * ax.weights[w0];
                int fusedFrom = fusedFrom(ax.size[i]);
                for (int j = 1; j < ax.size[i]; j++) {
                    float t = in[s + j];
                    float wt = ax.weights[w0 + j];
                    acc = j < fusedFrom ? acc + t * wt : Math.fma(t, wt, acc);
                }
                out[r * outW + i] = acc;
            }
        }
        return out;
    }

    /** Interpolates along the height of (planes, inH, w) -> (planes, outH, w). */
    private static float[] vertical(float[] in, int planes, int inH, int w, Axis ax) {
        int outH = ax.start.length;
        float[] out = new float[planes * outH * w]; // (planes, outH, w)
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < outH; i++) {
                int w0 = i * ax.taps;
                int s = (p * inH + ax.start[i]) * w;
                int o = (p * outH + i) * w;
                for (int x = 0; x < w; x++) {
                    float acc = in[s + x] * ax.weights[w0];
                    int fusedFrom = fusedFrom(ax.size[i]);
                    for (int j = 1; j < ax.size[i]; j++) {
                        float t = in[s + j * w + x];
                        float wt = ax.weights[w0 + j];
                        acc = j < fusedFrom ? acc + t * wt : Math.fma(t, wt, acc);
                    }
                    out[o + x] = acc;
                }
            }
        }
        return out;
    }

    /** Taps of one axis: output i reads input [start[i], start[i] + size[i]) with weights[i * taps + j]. */
    record Axis(int[] start, int[] size, float[] weights, int taps) {
        static Axis of(int inSize, int outSize) {
            float scale = (float) inSize / outSize;
            float support = scale >= 1.0f ? (float) (2.0 * scale) : 2.0f;
            int taps = (int) Math.ceil(support) * 2 + 1;
            float invscale = scale >= 1.0f ? (float) (1.0 / scale) : 1.0f;
            int[] start = new int[outSize];
            int[] size = new int[outSize];
            float[] weights = new float[outSize * taps]; // (outSize, taps)
            for (int i = 0; i < outSize; i++) {
                float center = (float) (scale * (i + 0.5));
                long xmin = Math.max((long) ((double) (center - support) + 0.5), 0L);
                long xsize = Math.min((long) ((double) (center + support) + 0.5), inSize) - xmin;
                xsize = Math.clamp(xsize, 0, taps);
                float total = 0f;
                for (int j = 0; j < xsize; j++) {
                    float x = (float) (((double) ((float) (j + xmin) - center) + 0.5) * invscale);
                    float wt = cubic(x);
                    weights[i * taps + j] = wt;
                    total += wt;
                }
                if (total != 0f) {
                    for (int j = 0; j < xsize; j++) {
                        weights[i * taps + j] /= total;
                    }
                }
                start[i] = (int) xmin;
                size[i] = (int) xsize;
            }
            return new Axis(start, size, weights, taps);
        }
    }

    /** Keys' cubic convolution kernel, a = -0.5 (PIL's and torch's {@code aa_filter}). */
    static float cubic(float xIn) {
        float x = xIn < 0 ? -xIn : xIn;
        if (x < 1.0f) {
            double xd = x;
            return (float) Math.fma(Math.fma(1.5, xd, -2.5) * xd, xd, 1.0); // fused
        }
        if (x < 2.0f) {
            float p = Math.fma(Math.fma(x - 5f, x, 8f), x, -4f); // fused
            return (float) (p * -0.5);
        }
        return 0f;
    }
}
