package org.videollm4j.bench;

import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.llama.LlamaModel;
import org.videollm4j.model.smolvlm.SiglipVisionConfig;
import org.videollm4j.model.smolvlm.SmolVlmModel;

/**
 * One timed run of each stage of our engine on a loaded model, with the inputs of {@link BenchInputs}:
 * the same work as the "vision", "prefill" and "decode" requests of training/bench_model.py.
 */
public final class ModelBench {
    private final SmolVlmModel model;

    public ModelBench(SmolVlmModel model) {
        this.model = model;
    }

    /** Seconds for {@link SmolVlmModel#encodeImages} (vision tower + connector) of {@code frames} frames. */
    public double vision(int frames) {
        SiglipVisionConfig v = model.config().vision();
        float[] px = BenchInputs.pixels(frames, v.numChannels(), v.imageSize());
        long t0 = System.nanoTime();
        model.encodeImages(px, frames);
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Seconds for embedding {@code tokens} ids and running the text model over them, logits of the last row only. */
    public double prefill(int tokens) {
        KvCache cache = model.newCache();
        long t0 = System.nanoTime();
        prefillInto(cache, tokens);
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Seconds for {@code tokens} single-token steps (with logits) after an untimed prefill of {@code prefill} ids. */
    public double decode(int prefill, int tokens) {
        KvCache cache = model.newCache();
        prefillInto(cache, prefill);
        int[] ids = BenchInputs.tokenIds(prefill, tokens, vocab());
        LlamaModel text = model.textModel();
        long t0 = System.nanoTime();
        for (int t = 0; t < tokens; t++) {
            text.forward(model.embed(new int[]{ids[t]}), new int[]{prefill + t}, cache, LlamaModel.Logits.LAST);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private void prefillInto(KvCache cache, int tokens) {
        int[] ids = BenchInputs.tokenIds(0, tokens, vocab());
        model.textModel().forward(model.embed(ids), BenchInputs.positions(0, tokens), cache, LlamaModel.Logits.LAST);
    }

    private int vocab() {
        return model.config().text().vocabSize();
    }
}
