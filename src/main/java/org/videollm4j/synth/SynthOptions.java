package org.videollm4j.synth;

/**
 * What to generate. Validates every value and names the bad one.
 *
 * @param durationMs           length of the world, milliseconds (at least {@link #MIN_DURATION_MS})
 * @param fps                  frames per second of the rendered video (the world itself is continuous)
 * @param width                frame width in pixels (even: yuv420p needs it)
 * @param height               frame height in pixels (even)
 * @param needleDepth          where the needle card sits, 0 (start) .. 1 (end); NaN = drawn from the seed
 * @param videoBackgroundShare fraction of scenes whose background is a frame of a real video (0 = none)
 * @param pacing               durations of shapes, gaps, cards and scenes
 */
public record SynthOptions(long durationMs, double fps, int width, int height, double needleDepth,
                           double videoBackgroundShare, Pacing pacing) {

    public static final long MIN_DURATION_MS = 4_000;
    /** Six hours: a bound so a typo cannot make the generator run for days. */
    public static final long MAX_DURATION_MS = 6L * 3600 * 1000;

    public SynthOptions {
        if (durationMs < MIN_DURATION_MS || durationMs > MAX_DURATION_MS) {
            throw new IllegalArgumentException("duration must be between " + MIN_DURATION_MS / 1000 + " s and "
                    + MAX_DURATION_MS / 1000 + " s, got " + durationMs / 1000.0 + " s");
        }
        if (!(fps > 0 && fps <= 120)) {
            throw new IllegalArgumentException("fps must be in (0, 120], got " + fps);
        }
        if (width < 16 || height < 16 || width > 4096 || height > 4096 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("frame size must be even and between 16 and 4096, got "
                    + width + "x" + height);
        }
        if (!Double.isNaN(needleDepth) && !(needleDepth >= 0 && needleDepth <= 1)) {
            throw new IllegalArgumentException("needle depth must be in [0, 1], got " + needleDepth);
        }
        if (!(videoBackgroundShare >= 0 && videoBackgroundShare <= 1)) {
            throw new IllegalArgumentException("video background share must be in [0, 1], got " + videoBackgroundShare);
        }
        if (pacing == null) {
            throw new IllegalArgumentException("pacing must not be null");
        }
        if (durationMs < pacing.cardMaxMs() + 2 * pacing.gapMinMs()) {
            throw new IllegalArgumentException("duration " + durationMs + " ms is too short for a card of "
                    + pacing.cardMaxMs() + " ms");
        }
    }

    /** Defaults: 4 fps, 128x128, needle depth from the seed, procedural backgrounds only. */
    public static SynthOptions ofSeconds(double seconds) {
        return new SynthOptions(Math.round(seconds * 1000), 4, 128, 128, Double.NaN, 0, Pacing.DEFAULT);
    }

    public SynthOptions withFps(double f) {
        return new SynthOptions(durationMs, f, width, height, needleDepth, videoBackgroundShare, pacing);
    }

    public SynthOptions withSize(int w, int h) {
        return new SynthOptions(durationMs, fps, w, h, needleDepth, videoBackgroundShare, pacing);
    }

    public SynthOptions withNeedleDepth(double d) {
        return new SynthOptions(durationMs, fps, width, height, d, videoBackgroundShare, pacing);
    }

    public SynthOptions withVideoBackgroundShare(double share) {
        return new SynthOptions(durationMs, fps, width, height, needleDepth, share, pacing);
    }

    public SynthOptions withPacing(Pacing p) {
        return new SynthOptions(durationMs, fps, width, height, needleDepth, videoBackgroundShare, p);
    }

    /** Number of video frames: frame i shows the world at time i / fps. */
    public int frameCount() {
        return (int) Math.max(1, Math.round(durationMs * fps / 1000.0));
    }

    public double durationSeconds() {
        return durationMs / 1000.0;
    }
}
