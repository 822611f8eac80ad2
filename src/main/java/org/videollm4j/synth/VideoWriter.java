package org.videollm4j.synth;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.videollm4j.image.RgbImage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.IntFunction;

/**
 * Encodes frames to an H.264 / yuv420p MP4 with FFmpeg through JavaCV. Writes a temporary file next
 * to the target and moves it into place only when complete; gives up (and removes the temporary file)
 * when encoding takes longer than the time limit.
 */
public final class VideoWriter {
    /** Low enough that a card's glyph survives chroma subsampling and a later 32x32 downscale. */
    public static final int DEFAULT_CRF = 18;

    private VideoWriter() {
    }

    /**
     * @param frames frame i (0-based) of frameCount; each must be width x height
     */
    public static void write(Path target, int width, int height, double fps, int frameCount,
                             IntFunction<RgbImage> frames, int crf, Duration timeLimit) throws IOException {
        if (crf < 0 || crf > 51) {
            throw new IllegalArgumentException("crf must be in 0..51, got " + crf);
        }
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part.mp4");
        long deadline = System.nanoTime() + timeLimit.toNanos();
        boolean done = false;
        avutil.av_log_set_level(avutil.AV_LOG_FATAL); // failures come back as exceptions; info lines are noise
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(tmp.toFile(), width, height, 0)) {
            rec.setFormat("mp4");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(fps);
            rec.setGopSize((int) Math.max(1, Math.round(fps * 5))); // a keyframe every 5 s keeps seeking cheap
            rec.setVideoOption("crf", Integer.toString(crf));
            rec.setVideoOption("preset", "veryfast");
            rec.start();
            Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            ByteBuffer buf = (ByteBuffer) frame.image[0];
            int stride = frame.imageStride; // bytes per row, may be padded
            for (int i = 0; i < frameCount; i++) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(target + ": encoding stopped after the time limit of "
                            + timeLimit.toSeconds() + " s at frame " + i + " of " + frameCount);
                }
                RgbImage img = frames.apply(i);
                if (img.width() != width || img.height() != height) {
                    throw new IllegalArgumentException("frame " + i + " is " + img.width() + "x" + img.height()
                            + ", expected " + width + "x" + height);
                }
                for (int y = 0; y < height; y++) {
                    buf.put(y * stride, img.pixels(), y * width * 3, width * 3);
                }
                rec.record(frame, avutil.AV_PIX_FMT_RGB24);
            }
            rec.stop();
            done = true;
        } catch (FFmpegFrameRecorder.Exception e) {
            throw new IOException(target + ": video encoding failed: " + e.getMessage(), e);
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
