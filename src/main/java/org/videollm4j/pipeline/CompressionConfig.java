package org.videollm4j.pipeline;

import org.videollm4j.compress.kv.PivotKv;
import org.videollm4j.compress.kv.PositionReforge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which compression stages run between encoding and generation, and their knobs: a {@link Method} preset
 * plus overrides. Validates on construction (values) and in {@link #checkModel} (against the model and the
 * sampled frames); every message names the flag and says why. The CLI turns these into exit 2.
 *
 * @param method        the preset
 * @param selectFrames  frame budget after selection (uniform, QC-Comp); null = half the sampled frames
 * @param selectRatio   DPSelect's share of frames kept (retake), (0, 1]; 1 keeps all and only gives pivots
 * @param kvBudget      share of visual tokens the KV policy keeps (retake, snapkv, h2o), (0, 1]
 * @param chunkFrames   frames per prefill chunk (the KV policy acts after each)
 * @param lpComp        LP-Comp layer schedule on (xcomp by default; allowed with none/uniform)
 * @param fastvK        FastV: layers run before the drop
 * @param fastvRatio    FastV: share of visual tokens dropped, [0, 1)
 * @param segments      LongVLM: number of segments the frames are cut into
 * @param mergeTokens   LongVLM: local tokens left per segment; null = a quarter of a segment's tokens
 * @param globalTokens  LongVLM: global tokens before the local ones
 * @param pivots        PivotKV: how DPSelect's pivot tokens take part in the budget (retake)
 * @param reforge       PivotKV: positions given to the entries a chunk keeps (retake)
 * @param frameText     PivotKV: whether a frame whose visual tokens are all evicted keeps its text (retake)
 */
public record CompressionConfig(Method method, Integer selectFrames, double selectRatio, double kvBudget,
                                int chunkFrames, boolean lpComp, int fastvK, double fastvRatio, int segments,
                                Integer mergeTokens, int globalTokens, PivotKv.Pivots pivots,
                                PositionReforge.Mode reforge, PivotKv.FrameText frameText) {

    /** A flag value or combination the pipeline cannot run; the message names the flag. CLI exit 2. */
    public static final class Invalid extends IllegalArgumentException {
        public Invalid(String message) {
            super(message);
        }
    }

    /** The {@code --method} presets. */
    public enum Method {
        /** Every sampled frame goes in, no eviction. */
        NONE,
        /** Uniform frame budget ({@code --select-frames}). */
        UNIFORM,
        /** ReTaKe: DPSelect (pivots; frame filter when --select-ratio < 1) + PivotKV chunked prefill. */
        RETAKE,
        /** XComp: QC-Comp question-conditioned frame selection + LP-Comp layer schedule. */
        XCOMP,
        /** LongVLM: segment-wise token merging + global tokens. */
        LONGVLM,
        /** FastV baseline: drop the least attended visual tokens after layer K. */
        FASTV,
        /** SnapKV baseline: evict by the question window's attention at the end of prefill. */
        SNAPKV,
        /** H2O baseline: heavy hitters by accumulated attention after each chunk. */
        H2O;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Method parse(String s) {
            for (Method m : values()) {
                if (m.word().equals(s.strip().toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            throw new Invalid("--method: unknown method '" + s + "'; use one of " + words());
        }

        public static List<String> words() {
            List<String> w = new ArrayList<>();
            for (Method m : values()) {
                w.add(m.word());
            }
            return w;
        }

        /** Whether --kv-budget means something for this method. */
        public boolean usesKvBudget() {
            return this == RETAKE || this == SNAPKV || this == H2O;
        }

        /** Whether --select-frames means something for this method. */
        public boolean usesFrameBudget() {
            return this == UNIFORM || this == XCOMP;
        }

        /** The KV policy name of {@link org.videollm4j.compress.kv.KvPolicies}. */
        public String kvPolicy() {
            return switch (this) {
                case RETAKE -> "pivotkv";
                case SNAPKV -> "snapkv";
                case H2O -> "h2o";
                default -> "none";
            };
        }
    }

    public static final double DEFAULT_KV_BUDGET = 0.5;
    public static final int DEFAULT_CHUNK_FRAMES = 4;
    /** FastV paper defaults (K = 2, R = 50%). */
    public static final int DEFAULT_FASTV_K = 2;
    public static final double DEFAULT_FASTV_RATIO = 0.5;
    public static final int DEFAULT_SEGMENTS = 4;
    public static final int DEFAULT_GLOBAL_TOKENS = 1;
    public static final PivotKv.Pivots DEFAULT_PIVOTS = PivotKv.DEFAULT_PIVOTS;
    public static final PositionReforge.Mode DEFAULT_REFORGE = PivotKv.DEFAULT_REFORGE;
    public static final PivotKv.FrameText DEFAULT_FRAME_TEXT = PivotKv.DEFAULT_FRAME_TEXT;

    public CompressionConfig {
        if (method == null) {
            throw new Invalid("--method: missing; use one of " + Method.words());
        }
        if (selectFrames != null && selectFrames < 1) {
            throw new Invalid("--select-frames must be at least 1 (a frame budget of " + selectFrames
                    + " leaves nothing to answer from)");
        }
        if (!(selectRatio > 0 && selectRatio <= 1)) {
            throw new Invalid("--select-ratio must be in (0, 1] (the share of frames DPSelect keeps), got "
                    + selectRatio);
        }
        if (!(kvBudget > 0 && kvBudget <= 1)) {
            throw new Invalid("--kv-budget must be in (0, 1] (the share of visual tokens the KV cache keeps), got "
                    + kvBudget);
        }
        if (chunkFrames < 1) {
            throw new Invalid("--chunk-frames must be at least 1, got " + chunkFrames);
        }
        if (fastvK < 1) {
            throw new Invalid("--fastv-k must be at least 1 (layers run before FastV drops), got " + fastvK);
        }
        if (!(fastvRatio >= 0 && fastvRatio < 1)) {
            throw new Invalid("--fastv-ratio must be in [0, 1) (the share of visual tokens dropped), got "
                    + fastvRatio);
        }
        if (segments < 1) {
            throw new Invalid("--segments must be at least 1, got " + segments);
        }
        if (mergeTokens != null && mergeTokens < 1) {
            throw new Invalid("--merge-tokens must be at least 1 (tokens left per segment), got " + mergeTokens);
        }
        if (globalTokens < 0) {
            throw new Invalid("--global-tokens must be at least 0, got " + globalTokens);
        }
        if (pivots == null || reforge == null || frameText == null) {
            throw new Invalid("--pivots, --position-reforge and --frame-text need a value (got " + pivots + ", "
                    + reforge + ", " + frameText + ")");
        }
        if (lpComp && !(method == Method.NONE || method == Method.UNIFORM || method == Method.XCOMP)) {
            throw new Invalid("--lp-comp cannot be combined with --method " + method.word() + ": "
                    + switch (method) {
                        case RETAKE -> "PivotKV's position reforge and LP-Comp's per-layer position compaction both rewrite positions";
                        case LONGVLM -> "merged segments have no fixed tokens per frame for LP-Comp's schedule";
                        case FASTV -> "FastV and LP-Comp are both layer schedules; use one";
                        default -> "the KV policy's eviction assumes every layer holds the same visual tokens";
                    });
        }
    }

    /** The preset's defaults (xcomp turns LP-Comp on). */
    public static CompressionConfig preset(Method m) {
        return new CompressionConfig(m, null, 1.0, DEFAULT_KV_BUDGET, DEFAULT_CHUNK_FRAMES, m == Method.XCOMP,
                DEFAULT_FASTV_K, DEFAULT_FASTV_RATIO, DEFAULT_SEGMENTS, null, DEFAULT_GLOBAL_TOKENS,
                DEFAULT_PIVOTS, DEFAULT_REFORGE, DEFAULT_FRAME_TEXT);
    }

    public static CompressionConfig none() {
        return preset(Method.NONE);
    }

    /** Frames kept by a frame budget of {@code sampled} frames: --select-frames (capped) or half. */
    public int frameBudget(int sampled) {
        return selectFrames == null ? Math.max(1, (sampled + 1) / 2) : Math.min(selectFrames, sampled);
    }

    /** LongVLM frames per segment for {@code frames} sampled frames: ceil(frames / segments). */
    public int segmentFrames(int frames) {
        return (frames + segments - 1) / segments;
    }

    /** Local tokens kept per segment of {@code segmentTokens}. */
    public int mergeTarget(int segmentTokens) {
        return mergeTokens == null ? Math.max(1, segmentTokens / 4) : mergeTokens;
    }

    /** Whether the compressed video prefix (KV cache before the question) can be shared by every question. */
    public boolean prefixReusable() {
        return method == Method.NONE || method == Method.UNIFORM || method == Method.RETAKE
                || method == Method.LONGVLM;
    }

    /**
     * Checks what depends on the model and the sampled frames.
     *
     * @param frames         sampled frames
     * @param tokensPerFrame visual tokens per frame of the model
     * @param layers         decoder layers of the model
     */
    public void checkModel(int frames, int tokensPerFrame, int layers) {
        if (method.usesKvBudget()) {
            int chunk = Math.min(chunkFrames, frames);
            int keep = Math.max(1, (int) (kvBudget * chunk * tokensPerFrame));
            // fewer tokens than frames leaves frames with nothing but their timestamp line, unless PivotKV evicts
            // an emptied frame's text too (--frame-text evict), when the frame is simply gone
            boolean framesMayVanish = method == Method.RETAKE && frameText == PivotKv.FrameText.EVICT;
            if (keep < chunk && !framesMayVanish) {
                throw new Invalid("--kv-budget " + kvBudget + " keeps " + keep + " of the " + chunk * tokensPerFrame
                        + " visual tokens of a " + chunk + "-frame chunk (" + tokensPerFrame
                        + " per frame): fewer tokens than frames; raise --kv-budget or --chunk-frames"
                        + (method == Method.RETAKE ? ", or let emptied frames go with --frame-text evict" : ""));
            }
        }
        if (method == Method.FASTV && fastvK >= layers) {
            throw new Invalid("--fastv-k " + fastvK + " must be below the model's " + layers
                    + " decoder layers (FastV drops tokens after layer K)");
        }
        if (method == Method.RETAKE && selectRatio < 1 && Math.round(selectRatio * frames) < 1) {
            throw new Invalid("--select-ratio " + selectRatio + " keeps no frame of " + frames);
        }
    }

    /** One line for tables and traces, e.g. "retake kv=0.25" or "uniform frames=8". */
    public String label() {
        StringBuilder sb = new StringBuilder(method.word());
        if (method.usesKvBudget()) {
            sb.append(" kv=").append(fmt(kvBudget));
        }
        if (method.usesFrameBudget() && selectFrames != null) {
            sb.append(" frames=").append(selectFrames);
        }
        if (method == Method.RETAKE && selectRatio < 1) {
            sb.append(" ratio=").append(fmt(selectRatio));
        }
        if (method == Method.RETAKE && pivots != DEFAULT_PIVOTS) {
            sb.append(" pivots=").append(pivots.name().toLowerCase(Locale.ROOT));
        }
        if (method == Method.RETAKE && reforge != DEFAULT_REFORGE) {
            sb.append(" reforge=").append(reforge.name().toLowerCase(Locale.ROOT));
        }
        if (method == Method.RETAKE && frameText != DEFAULT_FRAME_TEXT) {
            sb.append(" frame-text=").append(frameText.name().toLowerCase(Locale.ROOT));
        }
        if (lpComp && method != Method.XCOMP) {
            sb.append(" +lp-comp");
        }
        if (!lpComp && method == Method.XCOMP) {
            sb.append(" -lp-comp"); // QC-Comp alone
        }
        if (method == Method.FASTV) {
            sb.append(" k=").append(fastvK).append(" r=").append(fmt(fastvRatio));
        }
        if (method == Method.LONGVLM && mergeTokens != null) {
            sb.append(" merge=").append(mergeTokens);
        }
        return sb.toString();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
