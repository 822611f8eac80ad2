package org.videollm4j.compress.kv;

import org.videollm4j.model.kv.AttentionObserver;
import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.kv.TokenTag;

/**
 * ReTaKe's PivotKV (arXiv 2412.20504; retake/longvideo_cache.py, PivotKVCache.update): after each video
 * chunk of a chunked prefill, every layer keeps {@link KvBudget#keep}(chunk's visual tokens) of them,
 * chosen by {@link PivotScores} on the chunk's un-rotated queries and keys (handed over by the decoder
 * through {@link AttentionObserver#observeProjections}, before RoPE, so no un-rotation is needed); text
 * entries are always kept; the kept entries' positions are reforged ({@link PositionReforge}). The chunk
 * itself attended to its full, uncompressed tokens: eviction only affects what later tokens see.
 * Our chunks also hold the text between frames ("Frame from 00:01:" and image delimiters; the reference's
 * Qwen2-VL chunks are visual only): those rows take part in the scoring softmax as queries and keys, but
 * only visual columns compete for the budget, and the budget counts visual tokens only.
 * The question is never used, so the compressed video prefix can serve any question
 * ({@link ChunkedPrefill#mark}/{@link ChunkedPrefill#rollback}).
 * <p>Pivots (DPSelect keyframe tokens): {@link Pivots#PROTECT} (default, what the paper describes) keeps
 * them before any other token. The budget is a memory promise and stays hard: when a chunk has more
 * pivots than its budget, the best-scoring pivots fill it and the rest are dropped (counted in the
 * trace). {@link Pivots#REFERENCE} follows the reference code, which sets pivot scores to 1.0 before top-k;
 * since a softmax column sum averages exactly 1.0, that places pivots at the mean score rather than first.
 * {@link Pivots#IGNORE} disregards the mask.
 */
public final class PivotKv implements KvPolicy {
    public enum Pivots { PROTECT, REFERENCE, IGNORE }

    /**
     * What happens to the text of a frame whose visual tokens a chunk evicts entirely: SmolVLM's layout gives
     * every frame a "Frame from MM:SS:" line and image delimiters, which the reference's Qwen2-VL chunks do not
     * have (its chunks are visual only, so evicting a frame's tokens leaves no trace of it). {@link #KEEP} (default)
     * keeps all text, as the paper's "text is never evicted" reads literally; {@link #EVICT} evicts the emptied
     * frame's scaffolding too ({@link #frameTextToKeep}), so the model does not see timestamps with no image and
     * the positions it spans shrink with the video. The prompt's own text (system, question) is never touched.
     */
    public enum FrameText { KEEP, EVICT }

    /** Pivots are kept before any other token, as the paper describes. */
    public static final Pivots DEFAULT_PIVOTS = Pivots.PROTECT;
    public static final PositionReforge.Mode DEFAULT_REFORGE = PositionReforge.Mode.CONTIGUOUS;
    public static final FrameText DEFAULT_FRAME_TEXT = FrameText.KEEP;

    private final KvBudget budget;
    private final Pivots pivots;
    private final PositionReforge.Mode reforge;
    private final FrameText frameText;
    private final int heads;

    /** @param heads query heads of the model (the cache knows only its KV heads) */
    public PivotKv(KvBudget budget, Pivots pivots, PositionReforge.Mode reforge, int heads) {
        this(budget, pivots, reforge, DEFAULT_FRAME_TEXT, heads);
    }

    /** @param heads query heads of the model (the cache knows only its KV heads) */
    public PivotKv(KvBudget budget, Pivots pivots, PositionReforge.Mode reforge, FrameText frameText, int heads) {
        this.budget = budget;
        this.pivots = pivots;
        this.reforge = reforge;
        this.frameText = frameText;
        this.heads = heads;
    }

    @Override
    public String name() {
        return "pivotkv";
    }

    @Override
    public AttentionObserver observerFor(ChunkedPrefill.Chunk chunk, boolean lastChunk) {
        return chunk.video() ? new Scorer() : null;
    }

    /** Collects one chunk's scores per layer from the layer's pre-RoPE projections. */
    private final class Scorer implements AttentionObserver {
        private final java.util.Map<Integer, float[]> byLayer = new java.util.HashMap<>(); // layer -> (n)

        @Override
        public int[] queriesToObserve(int layer, int firstCacheIndex, int queryCount) {
            return null;
        }

        @Override
        public void observe(int layer, int firstCacheIndex, int[] rows, int h, int keyCount, float[] probs) {
        }

        @Override
        public boolean wantsProjections(int layer) {
            return true;
        }

        @Override
        public void observeProjections(int layer, int firstCacheIndex, int n, float[] q, float[] k) {
            int qWidth = q.length / n;  // heads · headDim
            int kWidth = k.length / n;  // kvHeads · headDim
            int headDim = qWidth / heads;
            byLayer.put(layer, PivotScores.score(q, k, n, heads, kWidth / headDim, headDim));
        }
    }

    @Override
    public void afterChunk(ChunkContext ctx) {
        if (!ctx.chunk().video()) {
            return;
        }
        Scorer scorer = (Scorer) ctx.observer();
        KvCache cache = ctx.cache();
        int layers = cache.numLayers();
        int[] keptPerLayer = new int[layers];
        int visualIn = ctx.visualCount(0);
        int pivotsDropped = 0;
        int[][] keptVisual = new int[layers][]; // per layer: chunk offsets of the visual entries kept
        java.util.Set<Integer> keptFrames = new java.util.HashSet<>(); // frames with an entry kept in any layer
        for (int l = 0; l < layers; l++) {
            int from = ctx.from()[l];
            int n = ctx.to()[l] - from;
            float[] score = scorer.byLayer.get(l);
            if (n == 0) {
                continue;
            }
            if (score == null || score.length != n) {
                throw new IllegalStateException("PivotKV got no scores for the " + n + " entries of layer " + l);
            }
            boolean[] visual = new boolean[n];
            boolean[] pivot = new boolean[n];
            int visualCount = 0;
            int pivotCount = 0;
            for (int i = 0; i < n; i++) {
                visual[i] = TokenTag.isVisual(cache.layer(l).tag(from + i));
                pivot[i] = visual[i] && ctx.isPivot(l, from + i);
                visualCount += visual[i] ? 1 : 0;
                pivotCount += pivot[i] ? 1 : 0;
            }
            int k = budget.keep(visualCount);
            float[] s = score.clone();
            boolean[] forced = null;
            if (pivots == Pivots.PROTECT) {
                forced = pivot;
            } else if (pivots == Pivots.REFERENCE) {
                for (int i = 0; i < n; i++) {
                    if (pivot[i]) {
                        s[i] = 1.0f;
                    }
                }
            }
            keptVisual[l] = KeepSelection.topK(s, visual, forced, k);
            for (int i : keptVisual[l]) {
                keptFrames.add(cache.layer(l).tag(from + i));
            }
            keptPerLayer[l] = keptVisual[l].length;
            if (l == 0) {
                int keptPivots = 0;
                for (int i : keptVisual[l]) {
                    keptPivots += pivot[i] ? 1 : 0;
                }
                pivotsDropped = pivotCount - keptPivots;
            }
        }
        for (int l = 0; l < layers; l++) {
            if (keptVisual[l] == null) {
                continue;
            }
            int from = ctx.from()[l];
            int to = ctx.to()[l];
            int n = to - from;
            int[] tags = new int[n];
            boolean[] isText = new boolean[n];
            for (int i = 0; i < n; i++) {
                tags[i] = cache.layer(l).tag(from + i);
                isText[i] = !TokenTag.isVisual(tags[i]);
            }
            if (frameText == FrameText.EVICT) {
                // decided on the frames of all layers, so every layer keeps the same text and the same length
                isText = frameTextToKeep(tags, keptFrames);
            }
            int[] offsets = merge(keptVisual[l], isText);
            int[] oldPos = new int[offsets.length];
            for (int j = 0; j < offsets.length; j++) {
                oldPos[j] = cache.layer(l).position(from + offsets[j]);
            }
            int chunkStart = cache.layer(l).position(from);
            CacheEdits.keepInRange(cache, l, from, to, offsets);
            int[] newPos = PositionReforge.reforge(oldPos, chunkStart, n, reforge);
            for (int j = 0; j < offsets.length; j++) {
                CacheEdits.setPosition(cache, l, from + j, newPos[j]);
            }
        }
        ctx.trace().add(new KvTrace.Step(ctx.chunk().index(), visualIn, keptPerLayer, pivotsDropped));
    }

    /**
     * {@link FrameText#EVICT}: which text rows of a chunk (tags (n), {@link TokenTag}) stay when the frames with no
     * kept visual offset lose their scaffolding. In SmolVLM's layout a text run between two frames' visual runs
     * is the earlier frame's closing image delimiter (its first row) and the later frame's "Frame from MM:SS:"
     * line and opening delimiters (the rest); a run at the chunk's start opens with the closing delimiter of a
     * frame in an earlier chunk, which is kept (that frame was decided there). A frame counts as kept when any
     * layer keeps one of its entries: the text is the same in every layer, so every layer keeps the same length.
     *
     * @param keptFrames tags of the frames that keep at least one visual entry
     * @return (n) true for the text rows to keep; false for every visual row
     */
    static boolean[] frameTextToKeep(int[] tags, java.util.Set<Integer> keptFrames) {
        int n = tags.length;
        boolean[] keep = new boolean[n];
        for (int i = 0; i < n; i++) {
            keep[i] = !TokenTag.isVisual(tags[i]);
        }
        int i = 0;
        while (i < n) {
            if (TokenTag.isVisual(tags[i])) {
                i++;
                continue;
            }
            int a = i;
            while (i < n && !TokenTag.isVisual(tags[i])) {
                i++;
            }
            int b = i; // text run [a, b): row a closes the frame before it, the rest open the frame after it
            if (a > 0 && !keptFrames.contains(tags[a - 1])) {
                keep[a] = false;
            }
            if (b < n && !keptFrames.contains(tags[b])) { // the rest opens the frame after it
                for (int j = a + 1; j < b; j++) {
                    keep[j] = false;
                }
            }
        }
        return keep;
    }

    /** Kept visual offsets united with every text offset, increasing. */
    static int[] merge(int[] keptVisual, boolean[] isText) {
        boolean[] keep = isText.clone();
        for (int i : keptVisual) {
            keep[i] = true;
        }
        return java.util.stream.IntStream.range(0, keep.length).filter(i -> keep[i]).toArray();
    }
}
