package org.videollm4j.video;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.videollm4j.image.RgbImage;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Generates videos of known content: frame n shows n as 16 bits, one 16x16 block per bit (white = 1)
 * along the top two block rows (the second repeats the first), over a background that is dark before
 * the hard cut and bright after it. Blocks sit on the 16x16 macroblock grid, so the code survives lossy
 * encoding; {@link #readNumber} reads it back.
 */
final class TestVideos {
    static final int W = 320, H = 240, BITS = 16, BLOCK = 16;
    static final int DARK = 60, BRIGHT = 190;

    /** Encoder settings: container format, codec, B-frames. */
    record Spec(String format, String extension, int codecId, String codecName, int bFrames) {
        static final Spec H264_MP4 = new Spec("mp4", "mp4", avcodec.AV_CODEC_ID_H264, "libopenh264", 0);
        static final Spec MPEG4_BFRAMES_MKV = new Spec("matroska", "mkv", avcodec.AV_CODEC_ID_MPEG4, null, 2);
        static final Spec MPEG4_TS = new Spec("mpegts", "ts", avcodec.AV_CODEC_ID_MPEG4, null, 0);
    }

    private TestVideos() {
    }

    /** Writes DIR/NAME.ext with FRAMES frames at FPS, a keyframe every GOP frames, a cut at frame CUT. */
    static Path numbered(Path dir, String name, Spec spec, int frames, int fps, int gop, int cut) throws Exception {
        Path file = dir.resolve(name + "." + spec.extension());
        Ffmpeg.init(); // quiet: the recorder would print its stream layout
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), W, H, 0)) {
            rec.setFormat(spec.format());
            if (spec.codecName() != null) {
                rec.setVideoCodecName(spec.codecName());
            } else {
                rec.setVideoCodec(spec.codecId());
            }
            rec.setFrameRate(fps);
            rec.setGopSize(gop);
            rec.setVideoBitrate(4_000_000);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            if (spec.bFrames() > 0) {
                rec.setVideoOption("bf", Integer.toString(spec.bFrames()));
            }
            rec.start();
            Frame f = new Frame(W, H, Frame.DEPTH_UBYTE, 3);
            for (int n = 0; n < frames; n++) {
                paint(f, n, n >= cut);
                rec.record(f, avutil.AV_PIX_FMT_BGR24);
            }
            rec.stop();
        }
        return file;
    }

    private static void paint(Frame f, int n, boolean afterCut) {
        ByteBuffer buf = (ByteBuffer) f.image[0];
        int stride = f.imageStride;
        int bg = afterCut ? BRIGHT : DARK;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int v = bg;
                int bx = x / BLOCK, by = y / BLOCK;
                if (by < 2 && bx < BITS) {
                    v = ((n >> (BITS - 1 - bx)) & 1) == 1 ? 255 : 0;
                }
                int o = y * stride + x * 3;
                buf.put(o, (byte) v).put(o + 1, (byte) v).put(o + 2, (byte) v);
            }
        }
    }

    /** The frame number shown in a (native-size) decoded frame. */
    static int readNumber(RgbImage img) {
        int n = 0;
        double sx = img.width() / (double) W, sy = img.height() / (double) H;
        for (int b = 0; b < BITS; b++) {
            int x = (int) ((b * BLOCK + BLOCK / 2) * sx), y = (int) ((BLOCK + BLOCK / 2) * sy);
            n = n << 1 | (img.get(x, y, 1) > 128 ? 1 : 0);
        }
        return n;
    }

    /** Mean green level of the background region below the code. */
    static double background(RgbImage img) {
        long sum = 0;
        int count = 0;
        for (int y = img.height() / 2; y < img.height(); y += 4) {
            for (int x = 0; x < img.width(); x += 4) {
                sum += img.get(x, y, 1);
                count++;
            }
        }
        return sum / (double) count;
    }
}
