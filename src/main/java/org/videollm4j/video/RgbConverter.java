package org.videollm4j.video;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.videollm4j.image.RgbImage;

import java.util.Optional;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.swscale.*;

/**
 * Converts decoded frames to packed RGB with swscale, at the native size or a requested one.
 * Resizing uses SWS_BICUBIC, the filter the ffmpeg command line uses by default; it is close to but not
 * the same as the model processor's torchvision BICUBIC with antialias, so the model path asks for the
 * native size and resizes itself (org.videollm4j.preprocess) for exact parity with the reference.
 */
final class RgbConverter implements AutoCloseable {
    private final Optional<Size> size;
    private SwsContext sws;
    private int srcW = -1, srcH = -1, srcFmt = -1, dstW, dstH, stride;
    private BytePointer buffer; // (dstH, stride) bytes, rows of dstW * 3 RGB bytes plus padding

    RgbConverter(Optional<Size> size) {
        this.size = size;
    }

    RgbImage convert(AVFrame f) {
        if (f.width() != srcW || f.height() != srcH || f.format() != srcFmt) {
            reset(f.width(), f.height(), f.format());
        }
        PointerPointer<BytePointer> dst = new PointerPointer<>(buffer, null, null, null);
        IntPointer dstStride = new IntPointer(stride, 0, 0, 0);
        try {
            sws_scale(sws, f.data(), f.linesize(), 0, srcH, dst, dstStride);
        } finally {
            dst.close();
            dstStride.close();
        }
        int row = dstW * 3;
        byte[] pixels = new byte[row * dstH];
        for (int y = 0; y < dstH; y++) {
            buffer.position((long) y * stride).get(pixels, y * row, row);
        }
        buffer.position(0);
        return new RgbImage(dstW, dstH, pixels);
    }

    private void reset(int w, int h, int fmt) {
        freeNative();
        if (w <= 0 || h <= 0 || w > MediaFile.MAX_SIDE || h > MediaFile.MAX_SIDE) {
            throw new IllegalStateException("decoded frame has dimensions " + w + "x" + h);
        }
        srcW = w;
        srcH = h;
        srcFmt = fmt;
        dstW = size.map(Size::width).orElse(w);
        dstH = size.map(Size::height).orElse(h);
        stride = (dstW * 3 + 63) & ~63; // aligned rows let swscale use its SIMD paths
        sws = sws_getContext(w, h, fmt, dstW, dstH, AV_PIX_FMT_RGB24, SWS_BICUBIC, null, null, (double[]) null);
        if (sws == null || sws.isNull()) {
            throw new IllegalStateException("swscale cannot convert pixel format " + fmt + " at " + w + "x" + h);
        }
        buffer = new BytePointer((long) stride * dstH + 64);
    }

    private void freeNative() {
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        if (buffer != null) {
            buffer.close();
            buffer = null;
        }
    }

    @Override
    public void close() {
        freeNative();
    }
}
