package org.videollm4j.compress.kv;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.videollm4j.generate.GenerateOptions;
import org.videollm4j.generate.GenerationResult;
import org.videollm4j.generate.Generator;
import org.videollm4j.model.kv.AttentionObserver;
import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.kv.LayerKv;
import org.videollm4j.model.kv.TokenTag;
import org.videollm4j.model.llama.LlamaModel;
import org.videollm4j.model.smolvlm.SmolVlmModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** PivotKV mechanics on the tiny GQA model and its pure parts. */
class PivotKvTest {
    static SmolVlmModel model;
    static LlamaModel text;
    static int heads;
    static int hidden;

    @BeforeAll
    static void load() {
        model = SmolVlmModel.load(Path.of("testdata/models/tiny-gqa-f32"));
        text = model.textModel();
        heads = text.config().numAttentionHeads();
        hidden = text.config().hiddenSize();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static PivotKv pivotKv(double budget, PivotKv.Pivots mode) {
        return new PivotKv(new KvBudget(budget), mode, PositionReforge.Mode.CONTIGUOUS, heads);
    }

    /** 5 text, 8 frames of (2 text + 16 visual), 6 text: chunks of 2 frames hold 32 visual tokens. */
    static Prompts.Prompt longPrompt(long seed) {
        return Prompts.synthetic(text, seed, 5, 8, 2, 16, 6);
    }

    @Test
    void scoresFollowTheDefinition() {
        Random r = new Random(7);
        int n = 9;
        int hq = 4;
        int kvh = 2;
        int d = 8;
        float[] q = new float[n * hq * d];
        float[] k = new float[n * kvh * d];
        for (int i = 0; i < q.length; i++) {
            q[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) r.nextGaussian();
        }
        float[] got = PivotScores.score(q, k, n, hq, kvh, d);
        double[] expected = new double[n];
        for (int h = 0; h < hq; h++) {
            int g = h / (hq / kvh);
            for (int i = 0; i < n; i++) {
                double[] e = new double[n];
                double z = 0;
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int x = 0; x < d; x++) {
                        s += q[(i * hq + h) * d + x] * k[(j * kvh + g) * d + x];
                    }
                    e[j] = Math.exp(s / Math.sqrt(d));
                    z += e[j];
                }
                for (int j = 0; j < n; j++) {
                    expected[j] += e[j] / z / hq; // equal group sizes: mean over groups of group means = mean over heads
                }
            }
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            assertThat((double) got[j]).isCloseTo(expected[j], org.assertj.core.data.Offset.offset(1e-5));
            sum += got[j];
        }
        assertThat(sum).as("column sums of row-stochastic matrices add up to n").isCloseTo(n, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void projectionsArriveBeforeRopeAndScoresIgnorePosition() {
        Prompts.Prompt p = longPrompt(1);
        int n = p.length();
        float[][] k0 = new float[1][];
        List<float[]> scoresAt0 = new ArrayList<>();
        List<float[]> scoresAt500 = new ArrayList<>();
        for (int start : new int[]{0, 500}) {
            List<float[]> into = start == 0 ? scoresAt0 : scoresAt500;
            AttentionObserver obs = new AttentionObserver() {
                public int[] queriesToObserve(int layer, int first, int count) {
                    return null;
                }

                public void observe(int layer, int first, int[] rows, int h, int keys, float[] probs) {
                }

                public boolean wantsProjections(int layer) {
                    return true;
                }

                public void observeProjections(int layer, int first, int m, float[] q, float[] k) {
                    if (layer == 0 && start == 0) {
                        k0[0] = k.clone();
                    }
                    into.add(PivotScores.score(q, k, m, heads, k.length / m / 16, 16));
                }
            };
            KvCache c = text.newCache();
            int[] pos = IntStream.range(start, start + n).toArray();
            text.forward(new org.videollm4j.model.kv.TokenStates(p.embeddings().clone(), n, hidden, pos, p.tags()), c,
                    LlamaModel.Logits.NONE, obs, org.videollm4j.model.kv.LayerHook.NONE);
            if (start == 0) {
                // the cache holds exactly those keys rotated at their positions
                float[] rotated = k0[0].clone();
                int w = c.layer(0).width();
                for (int i = 0; i < n; i++) {
                    text.rope().rotate(rotated, i * w, w / 16, i);
                }
                assertThat(Prompts.relError(Arrays.copyOf(c.layer(0).keys(), n * w), rotated)).isLessThanOrEqualTo(1e-6);
            }
        }
        assertThat(scoresAt0).hasSize(text.config().numHiddenLayers());
        for (int l = 0; l < scoresAt0.size(); l++) {
            assertThat(Prompts.relError(scoresAt500.get(l), scoresAt0.get(l))).as("layer " + l).isLessThanOrEqualTo(1e-4);
        }
    }

    @Test
    void keepsTheBudgetPerChunkAndLayerNeverTextAndReforgesPositions() {
        Prompts.Prompt p = longPrompt(2);
        KvCache c = text.newCache();
        ChunkedPrefill.Result r = new ChunkedPrefill(text, pivotKv(0.25, PivotKv.Pivots.PROTECT), null)
                .run(p.embeddings(), p.tags(), null, 2, c);
        for (int l = 0; l < c.numLayers(); l++) {
            assertThat(Prompts.count(c, l, true)).as("visual in layer " + l).isEqualTo(4 * 8);
            assertThat(Prompts.count(c, l, false)).as("text in layer " + l).isEqualTo(p.text());
            assertThat(c.layer(l).positions()).as("contiguous").containsExactly(IntStream.range(0, c.size(l)).toArray());
        }
        assertThat(r.nextPosition()).isEqualTo(c.size(0));
        assertThat(r.trace().steps()).hasSize(4).allSatisfy(s -> {
            assertThat(s.visualIn()).isEqualTo(32);
            assertThat(s.keptPerLayer()).containsOnly(8);
        });
        assertThat(r.trace().visualPerLayer()).containsOnly(32);
        assertThat(r.trace().bytesUsed()).isEqualTo(c.bytesUsed());
        // each frame keeps its tokens in order: tags of kept visual entries never decrease
        int[] tags = Arrays.stream(c.layer(1).tags()).filter(TokenTag::isVisual).toArray();
        assertThat(tags).isSorted();
    }

    /** Wraps PivotKV to check, per chunk, pivots kept (by their value rows) and re-rotated keys. */
    static final class Checked implements KvPolicy {
        final PivotKv inner;
        final List<String> problems = new ArrayList<>();
        int pivotsSeen;
        float[] preK0; // (chunk rows, kvHeads, headDim) layer-0 keys before RoPE
        AttentionObserver innerObserver; // the wrapped policy's observer of the current chunk

        Checked(PivotKv inner) {
            this.inner = inner;
        }

        @Override
        public AttentionObserver observerFor(ChunkedPrefill.Chunk chunk, boolean last) {
            AttentionObserver in = inner.observerFor(chunk, last);
            innerObserver = in;
            if (in == null) {
                return null;
            }
            return new AttentionObserver() {
                public int[] queriesToObserve(int l, int f, int q) {
                    return in.queriesToObserve(l, f, q);
                }

                public void observe(int l, int f, int[] rows, int h, int keys, float[] probs) {
                    in.observe(l, f, rows, h, keys, probs);
                }

                public boolean wantsProjections(int l) {
                    return true;
                }

                public void observeProjections(int l, int f, int m, float[] q, float[] k) {
                    if (l == 0) {
                        preK0 = k.clone();
                    }
                    in.observeProjections(l, f, m, q, k);
                }
            };
        }

        @Override
        public void afterChunk(ChunkContext ctx) {
            if (!ctx.chunk().video()) {
                inner.afterChunk(ctx);
                return;
            }
            KvCache cache = ctx.cache();
            int w = cache.layer(0).width();
            List<List<float[]>> pivotValues = new ArrayList<>();
            List<float[]> chunkValues0 = new ArrayList<>();
            for (int l = 0; l < cache.numLayers(); l++) {
                List<float[]> pv = new ArrayList<>();
                LayerKv kv = cache.layer(l);
                for (int i = ctx.from()[l]; i < ctx.to()[l]; i++) {
                    float[] v = Arrays.copyOfRange(kv.values(), i * w, (i + 1) * w);
                    if (ctx.isPivot(l, i)) {
                        pv.add(v);
                    }
                    if (l == 0) {
                        chunkValues0.add(v);
                    }
                }
                pivotValues.add(pv);
            }
            pivotsSeen += pivotValues.get(0).size();
            inner.afterChunk(new ChunkContext(cache, ctx.chunk(), ctx.lastChunk(), ctx.from(), ctx.to(), ctx.pivots(),
                    innerObserver, ctx.trace()));
            for (int l = 0; l < cache.numLayers(); l++) {
                LayerKv kv = cache.layer(l);
                int kept = cache.size(l) - ctx.from()[l];
                for (float[] v : pivotValues.get(l)) {
                    boolean found = false;
                    for (int i = ctx.from()[l]; i < ctx.from()[l] + kept; i++) {
                        found |= Arrays.equals(v, Arrays.copyOfRange(kv.values(), i * w, (i + 1) * w));
                    }
                    if (!found) {
                        problems.add("pivot lost in layer " + l + " chunk " + ctx.chunk().index());
                    }
                }
            }
            // every kept layer-0 key equals its pre-RoPE key rotated at its (reforged) position
            LayerKv kv = cache.layer(0);
            for (int i = ctx.from()[0]; i < cache.size(0); i++) {
                float[] v = Arrays.copyOfRange(kv.values(), i * w, (i + 1) * w);
                int offset = -1;
                for (int o = 0; o < chunkValues0.size(); o++) {
                    if (Arrays.equals(chunkValues0.get(o), v)) {
                        offset = o;
                    }
                }
                float[] expect = Arrays.copyOfRange(preK0, offset * w, (offset + 1) * w);
                text.rope().rotate(expect, 0, w / cache.headDim(), kv.position(i));
                if (Prompts.relError(Arrays.copyOfRange(kv.keys(), i * w, (i + 1) * w), expect) > 1e-5) {
                    problems.add("key of entry " + i + " not rotated at its position " + kv.position(i));
                }
            }
        }
    }

    @Test
    void protectedPivotsAreAllKeptAndKeysFollowTheirNewPositions() {
        Prompts.Prompt p = longPrompt(3);
        boolean[] mask = new boolean[p.visual()];
        Random r = new Random(3);
        for (int i = 0; i < 20; i++) { // about 5 per chunk of 32, fewer than its budget of 8
            mask[r.nextInt(mask.length)] = true;
        }
        Checked policy = new Checked(pivotKv(0.25, PivotKv.Pivots.PROTECT));
        KvCache c = text.newCache();
        ChunkedPrefill.Result res = new ChunkedPrefill(text, policy, null).run(p.embeddings(), p.tags(), mask, 2, c);
        assertThat(policy.pivotsSeen).isGreaterThan(10);
        assertThat(policy.problems).isEmpty();
        assertThat(res.trace().steps()).allSatisfy(s -> assertThat(s.pivotsDropped()).isZero());
    }

    @Test
    void pivotsBeyondTheBudgetFillItBestFirst() {
        Prompts.Prompt p = longPrompt(4);
        boolean[] mask = new boolean[p.visual()];
        Arrays.fill(mask, 0, 12, true); // 12 pivots in the first chunk, budget 8
        KvCache c = text.newCache();
        ChunkedPrefill.Result res = new ChunkedPrefill(text, pivotKv(0.25, PivotKv.Pivots.PROTECT), null)
                .run(p.embeddings(), p.tags(), mask, 2, c);
        assertThat(res.trace().steps().get(0).pivotsDropped()).isEqualTo(4);
        assertThat(res.trace().steps().get(0).keptPerLayer()).containsOnly(8);
        // the first chunk's kept visual tokens are all from frame 0 (the pivots are its first 12 tokens)
        int[] firstChunkVisualTags = Arrays.stream(c.layer(0).tags()).filter(TokenTag::isVisual).limit(8).toArray();
        assertThat(firstChunkVisualTags).containsOnly(0);
    }

    @Test
    void referencePivotScoreOfOnePlacesPivotsAtTheMeanNotFirst() {
        float[] scores = {0.5f, 2.0f, 1.5f, 0.2f}; // sum 4.2 over 4: pivots at 1.0 sit mid-pack
        boolean[] all = {true, true, true, true};
        boolean[] pivots = {true, false, false, true};
        assertThat(KeepSelection.topK(scores, all, pivots, 2)).containsExactly(0, 3);
        float[] ref = scores.clone();
        ref[0] = 1.0f;
        ref[3] = 1.0f;
        assertThat(KeepSelection.topK(ref, all, null, 2)).containsExactly(1, 2);
        assertThat(KeepSelection.topK(scores, all, null, 2)).containsExactly(1, 2);
        assertThat(KeepSelection.topK(new float[]{1, 1, 1}, all, null, 2)).as("ties: earlier first").containsExactly(0, 1);
    }

    @Test
    void frameTextOfEmptiedFramesSplitsAtTheClosingRow() {
        int t = TokenTag.TEXT;
        // a chunk: close of an earlier chunk's frame + header of 1, frame 1, close 1 + header 2, frame 2, close 2 + 2 header rows of 3, frame 3
        int[] tags = {t, t, 1, 1, t, t, 2, 2, t, t, t, 3, 3};
        boolean[] keep = PivotKv.frameTextToKeep(tags, Set.of(1, 3)); // frames 1 and 3 keep a token, 2 is emptied
        assertThat(keep).containsExactly(true, true, false, false, true, false, false, false, false, true, true, false, false);
        assertThat(PivotKv.frameTextToKeep(tags, Set.of(2))) // only frame 2 kept
                .containsExactly(true, false, false, false, false, true, false, false, true, false, false, false, false);
        assertThat(PivotKv.frameTextToKeep(tags, Set.of(1, 2, 3))).as("nothing emptied: all text stays")
                .containsExactly(true, true, false, false, true, true, false, false, true, true, true, false, false);
    }

    @Test
    void evictingFrameTextDropsOnlyTheScaffoldingOfEmptiedFrames() {
        Prompts.Prompt p = longPrompt(8); // 5 text, 8 x (2 text + 16 visual), 6 text; chunks of 2 frames
        PivotKv evict = new PivotKv(new KvBudget(1.0 / 32), PivotKv.Pivots.PROTECT, PositionReforge.Mode.CONTIGUOUS,
                PivotKv.FrameText.EVICT, heads);
        KvCache c = text.newCache();
        ChunkedPrefill.Result r = new ChunkedPrefill(text, evict, null).run(p.embeddings(), p.tags(), null, 2, c);
        java.util.Set<Integer> kept = new java.util.HashSet<>(); // frames with a visual entry in any layer
        for (int l = 0; l < c.numLayers(); l++) {
            Arrays.stream(c.layer(l).tags()).filter(TokenTag::isVisual).forEach(kept::add);
        }
        assertThat(kept.size()).as("some frames emptied in every layer").isLessThan(8);
        for (int l = 0; l < c.numLayers(); l++) {
            int[] tags = c.layer(l).tags();
            assertThat(Prompts.count(c, l, true)).as("one visual token per chunk, layer " + l).isEqualTo(4);
            // between frames f - 1 and f: row 1 closes f - 1, row 2 opens f; the first frame of a chunk cannot
            // lose the close of the frame before it (decided in the earlier chunk); frame 0's header is in the text chunk
            int removed = 0;
            for (int f = 0; f < 8; f++) {
                if (!kept.contains(f)) {
                    removed += (f >= 1 ? 1 : 0) + (f % 2 == 0 ? 1 : 0);
                }
            }
            assertThat(Prompts.count(c, l, false)).as("text left in layer " + l).isEqualTo(p.text() - removed);
            assertThat(Arrays.copyOfRange(tags, 0, 7)).as("prompt text before the video").containsOnly(TokenTag.TEXT);
            assertThat(Arrays.copyOfRange(tags, tags.length - 6, tags.length)).as("question").containsOnly(TokenTag.TEXT);
            for (int i = 1; i < tags.length; i++) { // every kept frame still opens with its header
                if (TokenTag.isVisual(tags[i]) && tags[i - 1] != tags[i]) {
                    assertThat(tags[i - 1]).as("row before frame " + tags[i] + " in layer " + l).isEqualTo(TokenTag.TEXT);
                }
            }
            assertThat(c.layer(l).positions()).as("contiguous").containsExactly(IntStream.range(0, c.size(l)).toArray());
        }
        assertThat(r.nextPosition()).isEqualTo(c.size(0));
        // with nothing evicted, EVICT and KEEP leave the same cache
        KvCache a = text.newCache(), b = text.newCache();
        new ChunkedPrefill(text, new PivotKv(new KvBudget(1), PivotKv.Pivots.PROTECT, PositionReforge.Mode.CONTIGUOUS,
                PivotKv.FrameText.EVICT, heads), null).run(p.embeddings(), p.tags(), null, 2, a);
        new ChunkedPrefill(text, pivotKv(1, PivotKv.Pivots.PROTECT), null).run(p.embeddings(), p.tags(), null, 2, b);
        for (int l = 0; l < a.numLayers(); l++) {
            assertThat(a.layer(l).tags()).isEqualTo(b.layer(l).tags());
            assertThat(Arrays.copyOf(a.layer(l).keys(), a.size(l) * a.layer(l).width()))
                    .isEqualTo(Arrays.copyOf(b.layer(l).keys(), b.size(l) * b.layer(l).width()));
        }
    }

    @Test
    void reforgeModes() {
        int[] kept = {10, 11, 15, 18};
        assertThat(PositionReforge.reforge(kept, 10, 16, PositionReforge.Mode.CONTIGUOUS)).containsExactly(10, 11, 12, 13);
        assertThat(PositionReforge.reforge(kept, 10, 16, PositionReforge.Mode.SCALED)).containsExactly(10, 10, 11, 12);
        assertThat(PositionReforge.reforge(kept, 10, 16, PositionReforge.Mode.NONE)).containsExactly(kept);
    }

    @Test
    void compressedVideoPrefixServesAnyQuestion() {
        Prompts.Prompt video = Prompts.synthetic(text, 5, 5, 8, 2, 16, 0);
        Prompts.Prompt qa = Prompts.synthetic(text, 6, 7, 0, 0, 0, 0);
        Prompts.Prompt qb = Prompts.synthetic(text, 7, 4, 0, 0, 0, 0);
        KvCache memory = text.newCache();
        new ChunkedPrefill(text, pivotKv(0.25, PivotKv.Pivots.PROTECT), null).run(video.embeddings(), video.tags(), null, 2, memory);
        ChunkedPrefill.Mark mark = ChunkedPrefill.mark(memory);
        GenerateOptions opts = GenerateOptions.greedy(4, Set.of()).withStepLogits(true);
        for (Prompts.Prompt q : List.of(qa, qb, qa)) {
            ChunkedPrefill.rollback(memory, mark);
            ChunkedPrefill.Result viaMemory = new ChunkedPrefill(text, pivotKv(0.25, PivotKv.Pivots.PROTECT), null)
                    .run(q.embeddings(), q.tags(), null, 2, memory);
            GenerationResult g1 = new Generator(text).decode(memory, viaMemory.lastLogits(), viaMemory.nextPosition(), opts, null);

            Prompts.Prompt whole = concat(video, q);
            KvCache scratch = text.newCache();
            ChunkedPrefill.Result fresh = new ChunkedPrefill(text, pivotKv(0.25, PivotKv.Pivots.PROTECT), null)
                    .run(whole.embeddings(), whole.tags(), null, 2, scratch);
            GenerationResult g2 = new Generator(text).decode(scratch, fresh.lastLogits(), fresh.nextPosition(), opts, null);
            assertThat(Prompts.relError(viaMemory.lastLogits(), fresh.lastLogits())).isLessThanOrEqualTo(1e-5);
            assertThat(g1.tokens()).containsExactly(g2.tokens());
            assertThat(Prompts.relError(g1.stepLogits(), g2.stepLogits())).isLessThanOrEqualTo(1e-5);
        }
    }

    static Prompts.Prompt concat(Prompts.Prompt a, Prompts.Prompt b) {
        float[] e = Arrays.copyOf(a.embeddings(), a.embeddings().length + b.embeddings().length);
        System.arraycopy(b.embeddings(), 0, e, a.embeddings().length, b.embeddings().length);
        int[] t = IntStream.concat(Arrays.stream(a.tags()), Arrays.stream(b.tags())).toArray();
        return new Prompts.Prompt(e, t);
    }
}
