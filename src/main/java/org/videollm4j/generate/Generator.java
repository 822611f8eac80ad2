package org.videollm4j.generate;

import org.videollm4j.model.kv.AttentionObserver;
import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.kv.LayerHook;
import org.videollm4j.model.kv.TokenStates;
import org.videollm4j.model.llama.LlamaModel;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Autoregressive decoding over a {@link LlamaModel}: chunked prefill of the prompt embeddings, then one
 * forward of one token per step, each appended to the cache at the next position. Callers that run
 * their own prefill call {@link #decode} with the last prompt logits. An observer and a layer hook, if
 * given, take part in every forward call (prefill chunks and decoding steps), e.g. for H2O or FastV.
 */
public final class Generator {
    private final LlamaModel model;
    private final AttentionObserver observer; // may be null
    private final LayerHook hook;

    public Generator(LlamaModel model) {
        this(model, null, LayerHook.NONE);
    }

    public Generator(LlamaModel model, AttentionObserver observer, LayerHook hook) {
        this.model = model;
        this.observer = observer;
        this.hook = hook == null ? LayerHook.NONE : hook;
    }

    /**
     * @param embeddings (n, H) prompt input embeddings
     * @param positions  (n) their positions (usually 0 .. n-1)
     * @param onToken    receives each id as soon as it is chosen (may be null)
     */
    public GenerationResult generate(float[] embeddings, int[] positions, KvCache cache, GenerateOptions options,
                                     IntConsumer onToken) {
        float[] last = prefill(embeddings, positions, cache, options.prefillChunk());
        int next = Arrays.stream(positions).max().getAsInt() + 1;
        return decode(cache, last, next, options, onToken);
    }

    /**
     * Appends the prompt to the cache in chunks of {@code chunk} tokens.
     *
     * @param embeddings (n, H); positions (n)
     * @return (vocab) logits at the last prompt token
     */
    public float[] prefill(float[] embeddings, int[] positions, KvCache cache, int chunk) {
        int n = positions.length;
        int h = model.config().hiddenSize();
        if (n == 0 || embeddings.length != n * h || chunk <= 0) {
            throw new IllegalArgumentException("prompt embeddings must be (" + n + ", " + h + ") with n > 0");
        }
        float[] last = null;
        for (int start = 0; start < n; start += chunk) {
            int m = Math.min(chunk, n - start);
            float[] part = Arrays.copyOfRange(embeddings, start * h, (start + m) * h); // (m, H)
            int[] pos = Arrays.copyOfRange(positions, start, start + m);
            boolean isLast = start + m == n;
            LlamaModel.Output out = forward(part, pos, cache, isLast ? LlamaModel.Logits.LAST : LlamaModel.Logits.NONE);
            if (isLast) {
                if (out.rows().length == 0) {
                    throw new IllegalStateException("the layer hook dropped the last prompt token; no logits to decode from");
                }
                last = out.row(0);
            }
        }
        return last;
    }

    private LlamaModel.Output forward(float[] embeddings, int[] positions, KvCache cache, LlamaModel.Logits mode) {
        TokenStates s = new TokenStates(embeddings, positions.length, model.config().hiddenSize(), positions, null);
        return model.forward(s, cache, mode, observer, hook);
    }

    /**
     * Decodes from the logits of the last prompt token.
     *
     * @param lastLogits   (vocab) logits at the last prompt position
     * @param nextPosition position of the first generated token
     */
    public GenerationResult decode(KvCache cache, float[] lastLogits, int nextPosition, GenerateOptions options,
                                   IntConsumer onToken) {
        Sampler sampler = new Sampler(options.temperature(), options.topP(), options.topK(), options.seed());
        int vocab = lastLogits.length;
        int[] tokens = new int[options.maxNewTokens()];
        float[] stepLogits = options.keepStepLogits() ? new float[options.maxNewTokens() * vocab] : null; // (steps, vocab)
        float[] logits = lastLogits;
        int count = 0;
        boolean stopped = false;
        while (count < options.maxNewTokens()) {
            int id = sampler.next(logits);
            if (stepLogits != null) {
                System.arraycopy(logits, 0, stepLogits, count * vocab, vocab);
            }
            tokens[count++] = id;
            if (onToken != null) {
                onToken.accept(id);
            }
            if (!options.ignoreStop() && options.stopIds().contains(id)) {
                stopped = true;
                break;
            }
            if (count == options.maxNewTokens()) {
                break;
            }
            float[] e = model.embed(new int[]{id}); // (1, H)
            LlamaModel.Output out = forward(e, new int[]{nextPosition++}, cache, LlamaModel.Logits.LAST);
            if (out.rows().length == 0) {
                throw new IllegalStateException("the layer hook dropped the decoded token; no logits to continue from");
            }
            logits = out.row(0);
        }
        return new GenerationResult(Arrays.copyOf(tokens, count),
                stopped, stepLogits == null ? null : Arrays.copyOf(stepLogits, count * vocab));
    }
}
