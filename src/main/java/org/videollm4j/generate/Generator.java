package org.videollm4j.generate;

import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.llama.LlamaModel;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Autoregressive decoding over a {@link LlamaModel}: chunked prefill of the prompt embeddings, then one
 * forward of one token per step, each appended to the cache at the next position. Callers that run
 * their own prefill (e.g. with a compression hook) call {@link #decode} with the last prompt logits.
 */
public final class Generator {
    private final LlamaModel model;

    public Generator(LlamaModel model) {
        this.model = model;
    }

    /**
     * @param embeddings (n, H) prompt input embeddings
     * @param positions  (n) their positions (usually 0 .. n-1)
     * @param onToken    receives each id as soon as it is chosen (may be null)
     */
    public GenerationResult generate(float[] embeddings, int[] positions, KvCache cache, GenerateOptions options,
                                     IntConsumer onToken) {
        int n = positions.length;
        int h = model.config().hiddenSize();
        if (n == 0 || embeddings.length != n * h) {
            throw new IllegalArgumentException("prompt embeddings must be (" + n + ", " + h + ") with n > 0");
        }
        float[] last = null;
        for (int start = 0; start < n; start += options.prefillChunk()) {
            int m = Math.min(options.prefillChunk(), n - start);
            float[] chunk = Arrays.copyOfRange(embeddings, start * h, (start + m) * h); // (m, H)
            int[] pos = Arrays.copyOfRange(positions, start, start + m);
            boolean isLast = start + m == n;
            LlamaModel.Output out = model.forward(chunk, pos, cache, isLast ? LlamaModel.Logits.LAST : LlamaModel.Logits.NONE);
            if (isLast) {
                last = out.row(0);
            }
        }
        int next = Arrays.stream(positions).max().getAsInt() + 1;
        return decode(cache, last, next, options, onToken);
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
            logits = model.forward(e, new int[]{nextPosition++}, cache, LlamaModel.Logits.LAST).row(0);
        }
        return new GenerationResult(Arrays.copyOf(tokens, count),
                stopped, stepLogits == null ? null : Arrays.copyOf(stepLogits, count * vocab));
    }
}
