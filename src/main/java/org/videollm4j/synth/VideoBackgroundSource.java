package org.videollm4j.synth;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.videollm4j.image.RgbImage;
import org.videollm4j.util.BadInputException;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Background frames taken from a real video with JavaCV's FFmpegFrameGrabber. Kept minimal and
 * isolated here so it can move onto the project's own decoder ({@code org.videollm4j.video}) later.
 */
public final class VideoBackgroundSource implements BackgroundSource, AutoCloseable {
    private final Path file;
    private final FFmpegFrameGrabber grabber;
    private final long lengthUs;

    public VideoBackgroundSource(Path file) {
        this.file = file;
        if (!Files.isRegularFile(file)) {
            throw BadInputException.file(file, "background video not found (give an existing video file)");
        }
        avutil.av_log_set_level(avutil.AV_LOG_FATAL); // failures come back as exceptions with the reason
        grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        try {
            grabber.start();
        } catch (FFmpegFrameGrabber.Exception e) {
            throw BadInputException.file(file, "cannot open as a video: " + ffmpegReason(e), e);
        }
        lengthUs = grabber.getLengthInTime();
        if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            close();
            throw BadInputException.file(file, "has no video stream");
        }
    }

    @Override
    public RgbImage frame(double fraction, int width, int height) {
        try {
            if (lengthUs > 0) {
                grabber.setTimestamp((long) (Math.max(0, Math.min(1, fraction)) * lengthUs));
            }
            Frame f = grabber.grabImage();
            if (f == null && lengthUs > 0) { // past the last decodable frame: take the first one
                grabber.setTimestamp(0);
                f = grabber.grabImage();
            }
            if (f == null || f.image == null) {
                throw BadInputException.file(file, "no decodable video frame");
            }
            return scale(f, width, height);
        } catch (FFmpegFrameGrabber.Exception e) {
            throw BadInputException.file(file, "cannot decode a frame: " + ffmpegReason(e), e);
        }
    }

    /** JavaCV's message without its hints to the programmer ("Has setFormat() been called?" and such). */
    private static String ffmpegReason(Exception e) {
        String m = String.valueOf(e.getMessage());
        int hint = m.indexOf(" (");
        return hint > 0 ? m.substring(0, hint) : m;
    }

    /** Centre crop to the target aspect ratio, then bilinear scaling. */
    private static RgbImage scale(Frame f, int w, int h) {
        ByteBuffer src = (ByteBuffer) f.image[0];
        int sw = f.imageWidth;
        int sh = f.imageHeight;
        int stride = f.imageStride;
        double cropW = Math.min(sw, sh * (double) w / h);
        double cropH = cropW * h / w;
        double ox = (sw - cropW) / 2;
        double oy = (sh - cropH) / 2;
        byte[] out = new byte[w * h * 3]; // (h, w, 3)
        for (int y = 0; y < h; y++) {
            double sy = Math.max(0, Math.min(sh - 1, oy + (y + 0.5) * cropH / h - 0.5));
            int y0 = (int) sy;
            int y1 = Math.min(sh - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < w; x++) {
                double sx = Math.max(0, Math.min(sw - 1, ox + (x + 0.5) * cropW / w - 0.5));
                int x0 = (int) sx;
                int x1 = Math.min(sw - 1, x0 + 1);
                double fx = sx - x0;
                for (int c = 0; c < 3; c++) {
                    double a = (src.get(y0 * stride + x0 * 3 + c) & 0xFF) * (1 - fx) + (src.get(y0 * stride + x1 * 3 + c) & 0xFF) * fx;
                    double b = (src.get(y1 * stride + x0 * 3 + c) & 0xFF) * (1 - fx) + (src.get(y1 * stride + x1 * 3 + c) & 0xFF) * fx;
                    out[(y * w + x) * 3 + c] = (byte) Math.round(a * (1 - fy) + b * fy);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    @Override
    public void close() {
        try {
            grabber.close();
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            // closing a reader: nothing useful to do with the failure
        }
    }
}
