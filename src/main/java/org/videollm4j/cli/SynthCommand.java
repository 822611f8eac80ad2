package org.videollm4j.cli;

import org.videollm4j.synth.Pacing;
import org.videollm4j.synth.QuestionKind;
import org.videollm4j.synth.Questions;
import org.videollm4j.synth.SynthOptions;
import org.videollm4j.synth.SynthOutput;
import org.videollm4j.synth.VideoWriter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code videollm4j synth}: generates a synthetic long video with questions, answers and ground truth. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Generate a synthetic video world from a seed (shapes, cards, scenes) as DIR/video.mp4, "
                + "with DIR/questions.jsonl (question, answer, kind, event times) and DIR/world.json (the full timeline).")
public final class SynthCommand implements Callable<Integer> {

    static final class Length {
        @Option(names = "--seconds", required = true, paramLabel = "T", description = "Length in seconds.")
        Double seconds;
        @Option(names = "--frames", required = true, paramLabel = "N", description = "Length in frames (at --fps).")
        Integer frames;
    }

    @Option(names = "--seed", required = true, paramLabel = "S", description = "Seed: the same seed and options give the same world.")
    long seed;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Length length;

    @Option(names = "--fps", defaultValue = "4", paramLabel = "F", description = "Frames per second (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--size", defaultValue = "128", paramLabel = "WxH", description = "Frame size, N or WxH, even (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--background", paramLabel = "VIDEO", description = "A real video whose frames serve as scene backgrounds.")
    Path background;

    @Option(names = "--background-share", defaultValue = "0.5", paramLabel = "P",
            description = "With --background: fraction of scenes with a video background (default: ${DEFAULT-VALUE}).")
    double backgroundShare;

    @Option(names = "--kinds", defaultValue = "needle,attribute,order,count", paramLabel = "K,K",
            description = "Question kinds (default: ${DEFAULT-VALUE}).")
    String kinds;

    @Option(names = "--needle-depth", paramLabel = "D", description = "Where the needle card appears, 0 (start) .. 1 (end); default: from the seed.")
    Double needleDepth;

    @Option(names = "--pacing", defaultValue = "default", paramLabel = "P",
            description = "Event durations: default (shapes 2-8 s, gaps 1-3 s, cards 1-2 s) or brisk (for short clips).")
    String pacing;

    @Option(names = "--max-per-kind", defaultValue = "" + Questions.DEFAULT_MAX_PER_KIND, paramLabel = "N",
            description = "At most N questions of each kind (default: ${DEFAULT-VALUE}).")
    int maxPerKind;

    @Option(names = "--crf", defaultValue = "" + VideoWriter.DEFAULT_CRF, paramLabel = "Q", description = "x264 quality, 0..51, lower is better (default: ${DEFAULT-VALUE}).")
    int crf;

    @Option(names = "--time-limit", defaultValue = "3600", paramLabel = "SECONDS", description = "Give up encoding after this long (default: ${DEFAULT-VALUE}).")
    long timeLimit;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Override
    public Integer call() throws Exception {
        Set<QuestionKind> kindSet;
        SynthOptions options;
        try {
            kindSet = QuestionKind.parseList(kinds);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--kinds: " + e.getMessage());
        }
        if (maxPerKind < 1) {
            throw new UsageException("--max-per-kind must be at least 1, got " + maxPerKind);
        }
        if (timeLimit < 1) {
            throw new UsageException("--time-limit must be at least 1 second, got " + timeLimit);
        }
        int[] wh = parseSize(size);
        try {
            if (!(fps > 0 && fps <= 120)) {
                throw new IllegalArgumentException("--fps must be in (0, 120], got " + fps);
            }
            long ms = length.seconds != null
                    ? Math.round(checkSeconds(length.seconds) * 1000)
                    : Math.round(checkFrames(length.frames) * 1000.0 / fps);
            options = new SynthOptions(ms, fps, wh[0], wh[1], needleDepth == null ? Double.NaN : needleDepth,
                    background == null ? 0 : backgroundShare, pacing(pacing));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (length.frames != null && options.frameCount() != length.frames) {
            throw new IllegalStateException("frame count " + options.frameCount() + " != requested " + length.frames);
        }
        SynthOutput.Result r = SynthOutput.write(options, seed, kindSet, background, out, maxPerKind, crf,
                Duration.ofSeconds(timeLimit));
        System.out.printf("%s: %d frames (%.1f s at %s fps, %dx%d), %d shapes, %d cards, %d questions%n",
                out, options.frameCount(), options.durationSeconds(), fmt(fps), wh[0], wh[1],
                r.scenario().shapes().size(), r.scenario().cards().size(), r.questions().size());
        return 0;
    }

    private static double checkSeconds(double s) {
        if (!(s >= SynthOptions.MIN_DURATION_MS / 1000.0 && s <= SynthOptions.MAX_DURATION_MS / 1000.0)) {
            throw new IllegalArgumentException("--seconds must be between " + SynthOptions.MIN_DURATION_MS / 1000
                    + " and " + SynthOptions.MAX_DURATION_MS / 1000 + ", got " + fmt(s));
        }
        return s;
    }

    private int checkFrames(int n) {
        double s = n / fps;
        if (!(s >= SynthOptions.MIN_DURATION_MS / 1000.0 && s <= SynthOptions.MAX_DURATION_MS / 1000.0)) {
            throw new IllegalArgumentException("--frames " + n + " at " + fmt(fps) + " fps is " + fmt(s)
                    + " s; the length must be between " + SynthOptions.MIN_DURATION_MS / 1000 + " and "
                    + SynthOptions.MAX_DURATION_MS / 1000 + " s");
        }
        return n;
    }

    private static Pacing pacing(String name) {
        try {
            return Pacing.named(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--pacing: " + e.getMessage());
        }
    }

    static int[] parseSize(String s) {
        String[] p = s.toLowerCase(java.util.Locale.ROOT).split("x", -1);
        try {
            if (p.length == 1) {
                int n = Integer.parseInt(p[0].trim());
                return new int[] {n, n};
            }
            if (p.length == 2) {
                return new int[] {Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim())};
            }
        } catch (NumberFormatException e) {
            // fall through to the usage error
        }
        throw new UsageException("--size: expected N or WxH (e.g. 128 or 160x120), got '" + s + "'");
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
