package org.videollm4j.generate;

import org.videollm4j.model.hf.GenerationConfig;

import java.util.Set;

/**
 * Decoding settings.
 *
 * @param maxNewTokens   tokens to generate at most (> 0)
 * @param stopIds        ids that end generation (the stop token is emitted and counted)
 * @param ignoreStop     keep going through stop ids (parity tests)
 * @param temperature    0 = greedy argmax; > 0 = sample from softmax(logits / temperature)
 * @param topP           nucleus mass in (0, 1] (sampling only)
 * @param topK           keep the k most likely ids, 0 = off (sampling only)
 * @param seed           sampling seed (same seed, same ids)
 * @param prefillChunk   prompt tokens per prefill forward call (> 0); results do not depend on it
 * @param keepStepLogits keep the logits each step chose from (steps, vocab) in the result
 */
public record GenerateOptions(int maxNewTokens, Set<Integer> stopIds, boolean ignoreStop, double temperature,
                              double topP, int topK, long seed, int prefillChunk, boolean keepStepLogits) {
    public GenerateOptions {
        stopIds = Set.copyOf(stopIds);
        if (maxNewTokens <= 0) {
            throw new IllegalArgumentException("maxNewTokens must be positive, got " + maxNewTokens);
        }
        if (!(temperature >= 0) || !(topP > 0 && topP <= 1) || topK < 0 || prefillChunk <= 0) {
            throw new IllegalArgumentException("invalid options temperature=" + temperature + " topP=" + topP
                    + " topK=" + topK + " prefillChunk=" + prefillChunk);
        }
    }

    /** Greedy, stopping at {@code stopIds}, prefill in chunks of 512. */
    public static GenerateOptions greedy(int maxNewTokens, Set<Integer> stopIds) {
        return new GenerateOptions(maxNewTokens, stopIds, false, 0, 1, 0, 0, 512, false);
    }

    /** Settings from generation_config.json: its eos ids, sampling only when do_sample is set. */
    public static GenerateOptions from(GenerationConfig g, int maxNewTokens, long seed) {
        double t = g.doSample() ? g.temperature() : 0;
        return new GenerateOptions(maxNewTokens, Set.copyOf(g.eosTokenIds()), false, t, g.topP(), g.topK(), seed,
                512, false);
    }

    public GenerateOptions withIgnoreStop(boolean ignore) {
        return new GenerateOptions(maxNewTokens, stopIds, ignore, temperature, topP, topK, seed, prefillChunk, keepStepLogits);
    }

    public GenerateOptions withPrefillChunk(int chunk) {
        return new GenerateOptions(maxNewTokens, stopIds, ignoreStop, temperature, topP, topK, seed, chunk, keepStepLogits);
    }

    public GenerateOptions withStepLogits(boolean keep) {
        return new GenerateOptions(maxNewTokens, stopIds, ignoreStop, temperature, topP, topK, seed, prefillChunk, keep);
    }

    public GenerateOptions withSampling(double temperature, double topP, int topK, long seed) {
        return new GenerateOptions(maxNewTokens, stopIds, ignoreStop, temperature, topP, topK, seed, prefillChunk, keepStepLogits);
    }
}
