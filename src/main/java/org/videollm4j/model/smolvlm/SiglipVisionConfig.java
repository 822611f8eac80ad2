package org.videollm4j.model.smolvlm;

import org.videollm4j.model.hf.ConfigFields;
import org.videollm4j.util.BadInputException;

/**
 * SigLIP vision tower hyper-parameters (config.json "vision_config"). Missing keys take the defaults
 * of transformers' SmolVLMVisionConfig.__init__ (models/smolvlm/configuration_smolvlm.py): hidden 1152,
 * intermediate 3072, 12 layers, 16 heads, 3 channels, image_size 224, patch_size 32,
 * hidden_act gelu_pytorch_tanh, layer_norm_eps 1e-6.
 */
public record SiglipVisionConfig(int hiddenSize, int intermediateSize, int numHiddenLayers, int numAttentionHeads,
                                 int numChannels, int imageSize, int patchSize, String hiddenAct,
                                 double layerNormEps) {
    public SiglipVisionConfig {
        int[] vals = {hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads, numChannels, imageSize, patchSize};
        String[] keys = {"hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
                "num_channels", "image_size", "patch_size"};
        for (int i = 0; i < vals.length; i++) {
            if (vals[i] <= 0) {
                throw bad(keys[i] + "=" + vals[i] + " must be positive");
            }
        }
        if (hiddenSize % numAttentionHeads != 0) {
            throw bad("hidden_size=" + hiddenSize + " is not divisible by num_attention_heads=" + numAttentionHeads);
        }
        if (imageSize % patchSize != 0) {
            throw bad("image_size=" + imageSize + " is not a multiple of patch_size=" + patchSize);
        }
        if (!hiddenAct.equals("gelu_pytorch_tanh")) {
            throw bad("hidden_act '" + hiddenAct + "' is not supported (supported: gelu_pytorch_tanh)");
        }
        if (!(layerNormEps > 0)) {
            throw bad("layer_norm_eps=" + layerNormEps + " must be positive");
        }
    }

    public static SiglipVisionConfig parse(ConfigFields f) {
        return new SiglipVisionConfig(f.intOr("hidden_size", 1152), f.intOr("intermediate_size", 3072),
                f.intOr("num_hidden_layers", 12), f.intOr("num_attention_heads", 16), f.intOr("num_channels", 3),
                f.intOr("image_size", 224), f.intOr("patch_size", 32), f.stringOr("hidden_act", "gelu_pytorch_tanh"),
                f.doubleOr("layer_norm_eps", 1e-6));
    }

    /** Patches per side of a tile: image_size / patch_size. */
    public int patchesPerSide() {
        return imageSize / patchSize;
    }

    public int numPatches() {
        return patchesPerSide() * patchesPerSide();
    }

    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }

    private static BadInputException bad(String problem) {
        return new BadInputException("config.json: vision_config." + problem);
    }
}
