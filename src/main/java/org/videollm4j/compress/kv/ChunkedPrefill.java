package org.videollm4j.compress.kv;

import org.videollm4j.model.kv.AttentionObserver;
import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.kv.LayerHook;
import org.videollm4j.model.kv.TokenStates;
import org.videollm4j.model.kv.TokenTag;
import org.videollm4j.model.llama.LlamaModel;
import org.videollm4j.util.StepProgress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Prefills a prompt in chunks aligned to frame boundaries and runs a {@link KvPolicy} after each chunk,
 * as ReTaKe's chunked prefill (retake/qwen2_vl.py, forward: text segments without compression, video in
 * chunks of frames with compression). Chunks: the text before the first visual token; then groups of
 * {@code chunkFrames} frames, each ending after its last frame's last visual token (so the text between
 * frames, e.g. "Frame from 00:01:", travels with the preceding frame; text is never evicted); then the
 * text after the video (the question). Each chunk starts at {@link KvCache#nextPosition()}, so a policy
 * that compacts positions (PivotKV's reforge) moves everything after it; with no eviction positions are
 * 0..n-1 and the result equals a one-shot prefill. The cache may already hold a prefix (e.g. a video
 * memory): the prompt continues after it.
 */
public final class ChunkedPrefill {
    /**
     * Rows [from, to) of the prompt.
     *
     * @param index  chunk number in the prompt
     * @param video  true if the chunk holds visual tokens
     */
    public record Chunk(int index, int from, int to, boolean video) {
        public int length() {
            return to - from;
        }
    }

    /**
     * @param lastLogits   (vocab) logits at the prompt's last token
     * @param nextPosition position for the first generated token
     * @param trace        what the policy did, with cache sizes at the end
     */
    public record Result(float[] lastLogits, int nextPosition, KvTrace trace) {
    }

    private final LlamaModel model;
    private final KvPolicy policy;
    private final LayerHook hook;
    private String stage;                          // null: no progress reported
    private StepProgress progress = StepProgress.NONE;

    /** @param policy may be null (none); hook may be null (none) */
    public ChunkedPrefill(LlamaModel model, KvPolicy policy, LayerHook hook) {
        this.model = model;
        this.policy = policy == null ? KvPolicy.NONE : policy;
        this.hook = hook == null ? LayerHook.NONE : hook;
    }

    /** Reports each chunk to {@code p} as a step of a stage named {@code name} (one stage per {@link #run}). */
    public ChunkedPrefill progress(String name, StepProgress p) {
        this.stage = name;
        this.progress = p;
        return this;
    }

    /** Splits a prompt by its tags (n) into chunks of at most {@code chunkFrames} frames (> 0). */
    public static List<Chunk> plan(int[] tags, int chunkFrames) {
        if (chunkFrames <= 0) {
            throw new IllegalArgumentException("--chunk-frames must be positive, got " + chunkFrames);
        }
        int n = tags.length;
        int[] visual = java.util.stream.IntStream.range(0, n).filter(i -> TokenTag.isVisual(tags[i])).toArray();
        List<Chunk> out = new ArrayList<>();
        int start = 0;
        if (visual.length > 0 && visual[0] > 0) { // text before the video
            out.add(new Chunk(0, 0, visual[0], false));
            start = visual[0];
        }
        int frames = 0;
        for (int v = 0; v < visual.length; v++) {
            int i = visual[v];
            boolean lastOfVideo = v == visual.length - 1;
            if (lastOfVideo || tags[visual[v + 1]] != tags[i]) { // frame i's tag ends here
                frames++;
                if (frames == chunkFrames || lastOfVideo) {
                    out.add(new Chunk(out.size(), start, i + 1, true));
                    start = i + 1;
                    frames = 0;
                }
            }
        }
        if (start < n) { // text after the video (or a text-only prompt)
            out.add(new Chunk(out.size(), start, n, false));
        }
        return out;
    }

    /**
     * @param embeddings (n, hidden) prompt input embeddings
     * @param tags       (n) {@link TokenTag#TEXT} or the frame index of each row
     * @param pivotMask  (visual rows of the prompt, in order) DPSelect pivots, or null for none
     */
    public Result run(float[] embeddings, int[] tags, boolean[] pivotMask, int chunkFrames, KvCache cache) {
        int n = tags.length;
        int h = model.config().hiddenSize();
        if (n == 0 || embeddings.length != (long) n * h) {
            throw new IllegalArgumentException("prompt embeddings must be (" + n + ", " + h + ") with n > 0, got "
                    + embeddings.length + " floats");
        }
        boolean[] pivotRows = pivotRows(tags, pivotMask);
        List<Chunk> chunks = plan(tags, chunkFrames);
        if (stage != null) {
            progress.stage(stage, chunks.size());
        }
        KvTrace.Builder trace = new KvTrace.Builder(policy.name());
        int layers = cache.numLayers();
        float[] last = null;
        for (Chunk c : chunks) {
            boolean isLast = c.index() == chunks.size() - 1;
            int[] from = new int[layers];
            for (int l = 0; l < layers; l++) {
                from[l] = cache.size(l);
            }
            int start = cache.nextPosition();
            int[] pos = new int[c.length()];
            for (int i = 0; i < pos.length; i++) {
                pos[i] = start + i;
            }
            float[] part = Arrays.copyOfRange(embeddings, c.from() * h, c.to() * h); // (len, hidden)
            TokenStates s = new TokenStates(part, c.length(), h, pos, Arrays.copyOfRange(tags, c.from(), c.to()));
            AttentionObserver obs = policy.observerFor(c, isLast);
            LlamaModel.Output out = model.forward(s, cache, isLast ? LlamaModel.Logits.LAST : LlamaModel.Logits.NONE,
                    obs, hook);
            if (isLast) {
                if (out.rows().length == 0) {
                    throw new IllegalStateException("the layer hook dropped the last prompt token; no logits");
                }
                last = out.row(0);
            }
            int[] to = new int[layers];
            for (int l = 0; l < layers; l++) {
                to[l] = cache.size(l);
            }
            policy.afterChunk(new ChunkContext(cache, c, isLast, from, to,
                    Arrays.copyOfRange(pivotRows, c.from(), c.to()), obs, trace));
            progress.step(1);
        }
        return new Result(last, cache.nextPosition(), trace.finish(cache));
    }

    /** Spreads a per-visual-token mask over the prompt rows, (n). */
    static boolean[] pivotRows(int[] tags, boolean[] pivotMask) {
        boolean[] rows = new boolean[tags.length];
        if (pivotMask == null) {
            return rows;
        }
        int v = 0;
        for (int i = 0; i < tags.length; i++) {
            if (TokenTag.isVisual(tags[i])) {
                if (v < pivotMask.length) {
                    rows[i] = pivotMask[v];
                }
                v++;
            }
        }
        if (v != pivotMask.length) {
            throw new IllegalArgumentException("pivot mask has " + pivotMask.length + " entries but the prompt has "
                    + v + " visual tokens");
        }
        return rows;
    }

    /** The cache's extent after a prefix (e.g. the video), to return to with {@link #rollback}. */
    public record Mark(int[] sizes) {
    }

    public static Mark mark(KvCache cache) {
        int[] sizes = new int[cache.numLayers()];
        for (int l = 0; l < sizes.length; l++) {
            sizes[l] = cache.size(l);
        }
        return new Mark(sizes);
    }

    /** Drops every entry appended after {@code mark}: the compressed video prefix can serve another question. */
    public static void rollback(KvCache cache, Mark mark) {
        for (int l = 0; l < cache.numLayers(); l++) {
            if (cache.size(l) < mark.sizes()[l]) {
                throw new IllegalArgumentException("layer " + l + " has " + cache.size(l) + " entries, fewer than the mark's "
                        + mark.sizes()[l]);
            }
            cache.remove(l, mark.sizes()[l], cache.size(l));
        }
    }
}
