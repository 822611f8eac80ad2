package org.videollm4j.compress.select;

import org.videollm4j.compress.VisualFeatures;
import org.videollm4j.model.kv.AttentionObserver;
import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.kv.TokenStates;
import org.videollm4j.model.kv.TokenTag;
import org.videollm4j.model.llama.LlamaModel;
import org.videollm4j.model.smolvlm.SmolVlmModel;

/**
 * QC-Comp's segment scorer on our LLM. For each segment the input is [prefix text, the segment's visual
 * tokens, question text] at positions 0..len-1 (reset per segment, which removes the bias of long
 * contexts towards their start and end), run in a fresh cache; an {@link AttentionObserver} takes the
 * softmax rows of the question tokens (after {@code questionSkip} leading tokens, e.g. time text) at the
 * scored layers; a clip's score is the mean over heads, those query rows and the clip's visual tokens
 * (XComp modeling_qwen2_flash.py get_clip_scores: atten_map = mean over batch and heads, then
 * atten_map[queries, clip tokens].mean()). The layers after the last scored one are skipped.
 * <p>
 * Difference from the reference: XComp re-runs each decoder layer on segment slices of the hidden states
 * of ONE full-context forward pass (the segment's inputs at layer l have seen the whole window); we run
 * every segment through the LLM on its own, so a segment's tokens only see the prefix and each other.
 * That is what a window too long to prefill at once allows, and the point of the reset positions.
 * The visual tokens go in bare, without SmolVLM's per-frame "Frame from" text, like the reference's.
 */
public final class QcCompScorer implements SegmentScorer {
    private final LlamaModel llm;
    private final float[] prefix;   // (prefixTokens, hidden)
    private final float[] question; // (questionTokens, hidden)
    private final int questionSkip;
    private final int firstLayer;
    private final int endLayer;

    /**
     * @param prefix   (p, hidden) embeddings of the text before the video
     * @param question (q, hidden) embeddings of the text after it, through the end of the user turn
     * @param questionSkip leading question tokens not used as queries (the reference's query_bias)
     * @param firstLayer first scored layer; {@code endLayer} one past the last
     */
    public QcCompScorer(LlamaModel llm, float[] prefix, float[] question, int questionSkip, int firstLayer, int endLayer) {
        int h = llm.config().hiddenSize();
        int layers = llm.config().numHiddenLayers();
        if (prefix.length % h != 0 || question.length % h != 0) {
            throw new IllegalArgumentException("prefix and question embeddings must be (n, " + h + ")");
        }
        int q = question.length / h;
        if (questionSkip < 0 || questionSkip >= q) {
            throw new IllegalArgumentException("question skip must leave at least one of " + q + " question tokens, got " + questionSkip);
        }
        if (firstLayer < 0 || endLayer > layers || firstLayer >= endLayer) {
            throw new IllegalArgumentException("scored layers [" + firstLayer + ", " + endLayer + ") must lie in [0, " + layers + ")");
        }
        this.llm = llm;
        this.prefix = prefix.clone();
        this.question = question.clone();
        this.questionSkip = questionSkip;
        this.firstLayer = firstLayer;
        this.endLayer = endLayer;
    }

    /** Token ids in, embedded with the model; the default middle layers ({@link #middleLayers}). */
    public static QcCompScorer of(SmolVlmModel model, int[] prefixIds, int[] questionIds, int questionSkip) {
        int[] mid = middleLayers(model.textModel().config().numHiddenLayers());
        return new QcCompScorer(model.textModel(), model.embed(prefixIds), model.embed(questionIds), questionSkip,
                mid[0], mid[1]);
    }

    /**
     * XComp sums layers 6..23 of Qwen2.5-1.5B's 28 (modeling_videochat_flash.py: range(6, 24)); scaled:
     * [round(6 L / 28), round(24 L / 28)), at least one layer. L = 30 (SmolVLM2-256M) gives [6, 26).
     */
    public static int[] middleLayers(int layers) {
        int lo = (int) Math.round(6.0 * layers / 28);
        int hi = (int) Math.round(24.0 * layers / 28);
        lo = Math.min(lo, layers - 1);
        hi = Math.max(hi, lo + 1);
        return new int[]{lo, Math.min(hi, layers)};
    }

    @Override
    public int layers() {
        return endLayer - firstLayer;
    }

    @Override
    public double[][] score(VisualFeatures f, QcCompPlan plan, int segment) {
        int h = llm.config().hiddenSize();
        if (f.hidden() != h) {
            throw new IllegalArgumentException("visual tokens have hidden " + f.hidden() + ", the LLM " + h);
        }
        QcCompPlan.Range seg = plan.segments().get(segment);
        int firstFrame = plan.clips().get(seg.first()).first();
        int endFrame = plan.clips().get(seg.end() - 1).end();
        int p = prefix.length / h, q = question.length / h;
        int n = f.tokensPerFrame();
        int v = (endFrame - firstFrame) * n;
        int len = p + v + q;
        float[] x = new float[len * h]; // (len, hidden)
        System.arraycopy(prefix, 0, x, 0, prefix.length);
        System.arraycopy(f.tokens(), firstFrame * n * h, x, p * h, v * h);
        System.arraycopy(question, 0, x, (p + v) * h, question.length);
        int[] positions = new int[len];
        int[] tags = new int[len];
        for (int i = 0; i < len; i++) {
            positions[i] = i;
            tags[i] = i >= p && i < p + v ? firstFrame + (i - p) / n : TokenTag.TEXT;
        }
        int[] queries = new int[q - questionSkip];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = p + v + questionSkip + i;
        }
        int clips = seg.size();
        int[] clipStart = new int[clips + 1]; // key index where each clip's tokens start; last = end
        for (int c = 0; c < clips; c++) {
            clipStart[c] = p + (plan.clips().get(seg.first() + c).first() - firstFrame) * n;
        }
        clipStart[clips] = p + v;
        double[][] out = new double[layers()][clips];
        AttentionObserver observer = new AttentionObserver() {
            @Override
            public int[] queriesToObserve(int layer, int firstCacheIndex, int queryCount) {
                return layer >= firstLayer && layer < endLayer ? queries : null;
            }

            @Override
            public void observe(int layer, int firstCacheIndex, int[] rows, int heads, int keyCount, float[] probs) {
                double[] row = out[layer - firstLayer];
                for (int c = 0; c < clips; c++) {
                    double s = 0;
                    for (int hd = 0; hd < heads; hd++) {
                        for (int r = 0; r < rows.length; r++) {
                            int base = (hd * rows.length + r) * keyCount;
                            for (int k = clipStart[c]; k < clipStart[c + 1]; k++) {
                                s += probs[base + k];
                            }
                        }
                    }
                    row[c] = s / ((double) heads * rows.length * (clipStart[c + 1] - clipStart[c]));
                }
            }
        };
        KvCache cache = llm.newCache();
        TokenStates states = new TokenStates(x, len, h, positions, tags);
        llm.forward(states, cache, LlamaModel.Logits.NONE, observer, (layer, st, kv) -> {
            if (layer == endLayer - 1) {
                st.keepRows(new int[0]); // nothing after the last scored layer is needed
            }
        });
        return out;
    }
}
