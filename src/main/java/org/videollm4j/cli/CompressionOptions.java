package org.videollm4j.cli;

import org.videollm4j.compress.kv.PivotKv;
import org.videollm4j.compress.kv.PositionReforge;
import org.videollm4j.pipeline.CompressionConfig;
import org.videollm4j.pipeline.CompressionConfig.Method;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The compression flags of {@code ask} and {@code eval} (a picocli mixin). {@code eval} takes comma lists for
 * --method, --kv-budget, --select-frames and --select-ratio and runs every combination that applies to each
 * method; {@code ask} takes one value each. A flag given for a method that does not use it is refused.
 */
public final class CompressionOptions {
    @Option(names = "--method", paramLabel = "M", description = "Compression: none, uniform, retake, xcomp, longvlm, fastv, snapkv, h2o (default: none).")
    String method;
    @Option(names = "--select-frames", paramLabel = "N", description = "Frame budget after selection (uniform, xcomp; default: half the sampled frames).")
    String selectFrames;
    @Option(names = "--select-ratio", paramLabel = "R", description = "DPSelect: share of frames kept, (0, 1] (retake; default: 1, pivots only).")
    String selectRatio;
    @Option(names = "--kv-budget", paramLabel = "R", description = "Share of visual KV entries kept, (0, 1] (retake, snapkv, h2o; default: 0.5).")
    String kvBudget;
    @Option(names = "--chunk-frames", paramLabel = "N", description = "Frames per prefill chunk (default: 4).")
    Integer chunkFrames;
    @Option(names = "--lp-comp", negatable = true, description = "LP-Comp layer schedule (on for xcomp; allowed with none and uniform).")
    Boolean lpComp;
    @Option(names = "--fastv-k", paramLabel = "K", description = "FastV: decoder layers before the drop (default: 2).")
    Integer fastvK;
    @Option(names = "--fastv-ratio", paramLabel = "R", description = "FastV: share of visual tokens dropped, [0, 1) (default: 0.5).")
    Double fastvRatio;
    @Option(names = "--segments", paramLabel = "N", description = "LongVLM: segments the frames are cut into (default: 4).")
    Integer segments;
    @Option(names = "--merge-tokens", paramLabel = "N", description = "LongVLM: local tokens left per segment (default: a quarter).")
    Integer mergeTokens;
    @Option(names = "--global-tokens", paramLabel = "N", description = "LongVLM: global tokens (default: 1).")
    Integer globalTokens;
    @Option(names = "--pivots", paramLabel = "P", description = "PivotKV: protect (keyframe tokens kept first; default), reference (the reference code's score of 1.0) or ignore (retake).")
    String pivots;
    @Option(names = "--position-reforge", paramLabel = "R", description = "PivotKV: positions of the kept entries: contiguous (default), scaled (the reference's formula) or none (retake).")
    String reforge;

    @Option(names = "--frame-text", paramLabel = "T", description = "PivotKV: the \"Frame from MM:SS:\" line and image "
            + "delimiters of a frame whose visual tokens are all evicted: keep (default; the paper never evicts text) "
            + "or evict (retake).")
    String frameText;

    /** One configuration ({@code ask}): lists are refused. */
    public CompressionConfig single() {
        List<CompressionConfig> all = configs(false);
        return all.getFirst();
    }

    /** Every combination ({@code eval}): methods x the lists that apply to each. */
    public List<CompressionConfig> configs(boolean lists) {
        List<String> methods = split("--method", method == null ? "none" : method, lists);
        List<String> kv = kvBudget == null ? null : split("--kv-budget", kvBudget, lists);
        List<String> frames = selectFrames == null ? null : split("--select-frames", selectFrames, lists);
        List<String> ratios = selectRatio == null ? null : split("--select-ratio", selectRatio, lists);
        List<CompressionConfig> out = new ArrayList<>();
        try {
            boolean anyKv = false, anyFrames = false, anyRatio = false, anyLong = false, anyFast = false;
            for (String ms : methods) {
                Method m = Method.parse(ms);
                anyKv |= m.usesKvBudget();
                anyFrames |= m.usesFrameBudget();
                anyRatio |= m == Method.RETAKE;
                anyLong |= m == Method.LONGVLM;
                anyFast |= m == Method.FASTV;
                for (String k : m.usesKvBudget() && kv != null ? kv : List.of("")) {
                    for (String f : m.usesFrameBudget() && frames != null ? frames : List.of("")) {
                        for (String r : m == Method.RETAKE && ratios != null ? ratios : List.of("")) {
                            out.add(build(m, k, f, r));
                        }
                    }
                }
            }
            unused(kv != null && !anyKv, "--kv-budget", "retake, snapkv and h2o");
            unused(frames != null && !anyFrames, "--select-frames", "uniform and xcomp");
            unused(ratios != null && !anyRatio, "--select-ratio", "retake");
            unused((segments != null || mergeTokens != null || globalTokens != null) && !anyLong,
                    "--segments/--merge-tokens/--global-tokens", "longvlm");
            unused((pivots != null || reforge != null || frameText != null) && !anyRatio,
                    "--pivots/--position-reforge/--frame-text", "retake");
            unused((fastvK != null || fastvRatio != null) && !anyFast, "--fastv-k/--fastv-ratio", "fastv");
        } catch (CompressionConfig.Invalid | org.videollm4j.util.BadInputException e) {
            throw new UsageException(e.getMessage());
        }
        return out;
    }

    private CompressionConfig build(Method m, String kv, String frames, String ratio) {
        CompressionConfig p = CompressionConfig.preset(m);
        return new CompressionConfig(m,
                frames.isEmpty() ? null : parseInt("--select-frames", frames),
                ratio.isEmpty() ? p.selectRatio() : parseDouble("--select-ratio", ratio),
                kv.isEmpty() ? p.kvBudget() : parseDouble("--kv-budget", kv),
                chunkFrames == null ? p.chunkFrames() : chunkFrames,
                lpComp == null ? p.lpComp() : lpComp,
                fastvK == null ? p.fastvK() : fastvK,
                fastvRatio == null ? p.fastvRatio() : fastvRatio,
                segments == null ? p.segments() : segments,
                mergeTokens,
                globalTokens == null ? p.globalTokens() : globalTokens,
                pivots == null ? p.pivots() : parseEnum("--pivots", pivots, PivotKv.Pivots.class),
                reforge == null ? p.reforge() : parseEnum("--position-reforge", reforge, PositionReforge.Mode.class),
                frameText == null ? p.frameText() : parseEnum("--frame-text", frameText, PivotKv.FrameText.class));
    }

    private static <E extends Enum<E>> E parseEnum(String flag, String s, Class<E> type) {
        List<String> words = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(s.strip())) {
                return e;
            }
            words.add(e.name().toLowerCase(java.util.Locale.ROOT));
        }
        throw new UsageException(flag + ": unknown value '" + s + "'; use one of " + words);
    }

    private static void unused(boolean bad, String flag, String which) {
        if (bad) {
            throw new UsageException(flag + " applies only to --method " + which + "; none of the chosen methods uses it");
        }
    }

    private static List<String> split(String flag, String value, boolean lists) {
        List<String> parts = new ArrayList<>();
        for (String s : value.split(",")) {
            if (s.isBlank()) {
                throw new UsageException(flag + ": empty entry in '" + value + "'");
            }
            parts.add(s.strip());
        }
        if (!lists && parts.size() > 1) {
            throw new UsageException(flag + " takes one value here (lists are for eval), got '" + value + "'");
        }
        return parts;
    }

    private static int parseInt(String flag, String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + ": not a whole number: '" + s + "'");
        }
    }

    private static double parseDouble(String flag, String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + ": not a number: '" + s + "'");
        }
    }
}
