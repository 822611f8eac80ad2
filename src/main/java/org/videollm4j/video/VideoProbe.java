package org.videollm4j.video;

import java.nio.file.Path;

/**
 * What a video file holds, as far as its (best) video stream goes.
 *
 * @param durationS    seconds from the first frame's start to the last frame's end (from counted packets
 *                     when {@code framesExact}, otherwise the container's claim)
 * @param fps          average frame rate (frames per second)
 * @param frames       number of frames: counted when {@code framesExact}, otherwise the header's count or
 *                     {@code round(durationS * fps)} — an estimate
 * @param framesExact  true when {@code frames} was counted from the stream itself
 * @param headerFrames the frame count the header claims, -1 when it states none
 * @param width        stored width (before rotation; see {@link #displayWidth()})
 * @param rotation     clockwise display rotation in degrees (0, 90, 180, 270) from the display matrix
 * @param codec        FFmpeg codec name, e.g. "h264"
 * @param container    FFmpeg demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
 */
public record VideoProbe(Path file, double durationS, double fps, long frames, boolean framesExact,
                         long headerFrames, int width, int height, int rotation, String codec, String container) {
    public VideoProbe {
        if (!(durationS >= 0) || Double.isInfinite(durationS)) {
            throw new IllegalArgumentException(file + ": duration must be finite and >= 0, got " + durationS);
        }
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException(file + ": frame rate must be positive, got " + fps);
        }
        if (frames < 0) {
            throw new IllegalArgumentException(file + ": frame count must be >= 0, got " + frames);
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(file + ": size must be positive, got " + width + "x" + height);
        }
    }

    /** Width of the frames {@link FrameStream} returns at native size: turned upright. */
    public int displayWidth() {
        return rotation == 90 || rotation == 270 ? height : width;
    }

    public int displayHeight() {
        return rotation == 90 || rotation == 270 ? width : height;
    }

    /**
     * Start of the last frame, taking it to last one nominal frame period: the latest useful sample time.
     * From the duration, not the count, because frames need not be evenly spaced (tree-header-lies.avi
     * holds 68 frames spread over 29.6 s at a nominal 15 fps).
     */
    public double lastFrameS() {
        return frames <= 1 ? 0 : Math.max(0, durationS - 1 / fps);
    }
}
