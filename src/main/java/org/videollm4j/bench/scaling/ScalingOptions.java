package org.videollm4j.bench.scaling;

import org.videollm4j.pipeline.CompressionConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code bench-scaling} measures. Validated on construction; messages name the flag.
 *
 * @param minutes      video lengths in minutes, each > 0
 * @param methods      {@code ask --method} words, e.g. none, retake, xcomp
 * @param frameBudget  frames that reach the prompt under selection: xcomp gets {@code --select-frames} of it,
 *                     retake {@code --select-ratio} budget / sampled frames (capped at 1); the defaults of both
 *                     (half or all of the frames) cannot fit a 2048-token context past a few minutes
 * @param heap         the child JVM's {@code -Xmx}, e.g. "2g"
 * @param synthFps     frame rate of the generated videos (sampling is 1 fps; a low source rate keeps the
 *                     60-minute video quick to make and to decode)
 * @param synthSize    frame size of the generated videos, N or WxH (synth --size)
 * @param seed         base seed of the generated worlds (length in seconds is added per video)
 * @param videos       folder where generated videos are kept and reused
 * @param out          folder for scaling.json, scaling.md, scaling.svg and the cells' raw output
 * @param model        model folder handed to {@code ask}
 * @param maxNewTokens {@code ask --max-new-tokens}
 * @param cellTimeoutS a cell running longer is stopped and reported as timed out
 */
public record ScalingOptions(List<Double> minutes, List<String> methods, int frameBudget, String heap, double synthFps,
                             String synthSize, long seed, Path videos, Path out, Path model, int maxNewTokens, long cellTimeoutS) {
    public ScalingOptions {
        if (minutes == null || minutes.isEmpty()) {
            throw new IllegalArgumentException("--minutes: give at least one length, e.g. 1,5,15,60");
        }
        for (double m : minutes) {
            if (!(m > 0 && m <= 24 * 60)) {
                throw new IllegalArgumentException("--minutes: each length must be in (0, 1440] minutes, got " + m);
            }
        }
        if (methods == null || methods.isEmpty()) {
            throw new IllegalArgumentException("--methods: give at least one method, e.g. none,retake,xcomp");
        }
        List<String> ms = new ArrayList<>();
        for (String m : methods) {
            ms.add(CompressionConfig.Method.parse(m).word()); // throws Invalid naming --method and the choices
        }
        methods = List.copyOf(ms);
        minutes = List.copyOf(minutes);
        if (frameBudget < 1) {
            throw new IllegalArgumentException("--frame-budget must be at least 1, got " + frameBudget);
        }
        if (heap == null || !heap.matches("\\d+[kKmMgG]?")) {
            throw new IllegalArgumentException("--heap must be a -Xmx size such as 2g or 1536m, got " + heap);
        }
        if (!(synthFps >= 1 && synthFps <= 60)) {
            throw new IllegalArgumentException("--synth-fps must be in [1, 60] (sampling is 1 fps), got " + synthFps);
        }
        if (synthSize == null || !synthSize.matches("\\d+(x\\d+)?")) {
            throw new IllegalArgumentException("--synth-size must be N or WxH, e.g. 128 or 640x360, got " + synthSize);
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("--max-new-tokens must be at least 1, got " + maxNewTokens);
        }
        if (cellTimeoutS < 1) {
            throw new IllegalArgumentException("--cell-timeout must be at least 1 second, got " + cellTimeoutS);
        }
    }

    /** Seconds of the video of {@code minutes} (= frames sampled at 1 fps). */
    public static long seconds(double minutes) {
        return Math.max(1, Math.round(minutes * 60));
    }

    /** The {@code ask} flags of {@code method} at {@code minutes}, besides sampling, cache and output flags. */
    public List<String> methodFlags(String method, double minutes) {
        long frames = seconds(minutes);
        List<String> f = new ArrayList<>(List.of("--method", method));
        switch (method) {
            case "xcomp", "uniform" -> f.addAll(List.of("--select-frames", String.valueOf(frameBudget)));
            case "retake" -> {
                if (frames > frameBudget) {
                    // 6 decimals: round(ratio * frames) stays the budget for any length up to a day at 1 fps
                    String r = new java.math.BigDecimal((double) frameBudget / frames)
                            .setScale(6, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
                    f.addAll(List.of("--select-ratio", r));
                }
            }
            default -> { }
        }
        return f;
    }
}
