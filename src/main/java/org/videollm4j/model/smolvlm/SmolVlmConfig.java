package org.videollm4j.model.smolvlm;

import org.videollm4j.model.hf.ConfigFields;
import org.videollm4j.model.hf.Json;
import org.videollm4j.model.llama.LlamaTextConfig;
import org.videollm4j.util.BadInputException;

import java.nio.file.Path;
import java.util.List;

/**
 * config.json of a SmolVLM / Idefics3 snapshot. Missing top-level keys take the defaults of
 * transformers' SmolVLMConfig.__init__ (models/smolvlm/configuration_smolvlm.py): scale_factor 2,
 * image_token_id 128257, tie_word_embeddings false.
 *
 * @param tieWordEmbeddings true if either the top level or text_config ties lm_head to embed_tokens
 */
public record SmolVlmConfig(String architecture, SiglipVisionConfig vision, LlamaTextConfig text, int scaleFactor,
                            int imageTokenId, boolean tieWordEmbeddings) {
    public static final String FILE = "config.json";
    public static final List<String> ARCHITECTURES =
            List.of("SmolVLMForConditionalGeneration", "Idefics3ForConditionalGeneration");

    public SmolVlmConfig {
        if (!ARCHITECTURES.contains(architecture)) {
            throw unknown(architecture);
        }
        if (scaleFactor <= 0 || vision.patchesPerSide() % scaleFactor != 0) {
            throw new BadInputException(FILE + ": scale_factor=" + scaleFactor + " must divide image_size/patch_size="
                    + vision.patchesPerSide());
        }
        if (imageTokenId < 0 || imageTokenId >= text.vocabSize()) {
            throw new BadInputException(FILE + ": image_token_id=" + imageTokenId + " is outside the vocabulary (vocab_size="
                    + text.vocabSize() + ")");
        }
    }

    public static SmolVlmConfig load(Path dir) {
        return parse(new ConfigFields(FILE, "", Json.readObject(dir.resolve(FILE))));
    }

    public static SmolVlmConfig parse(ConfigFields f) {
        String arch;
        if (f.has("architectures")) {
            var list = f.node().get("architectures");
            if (!list.isArray() || list.isEmpty() || !list.get(0).isTextual()) {
                throw f.bad("architectures", "must be a list of class names, got " + list);
            }
            arch = list.get(0).asText();
            for (var a : list) { // the first supported class name wins
                if (ARCHITECTURES.contains(a.asText())) {
                    arch = a.asText();
                    break;
                }
            }
        } else {
            String type = f.stringOr("model_type", "");
            arch = switch (type) {
                case "smolvlm" -> "SmolVLMForConditionalGeneration";
                case "idefics3" -> "Idefics3ForConditionalGeneration";
                default -> throw new BadInputException(FILE + ": unknown model_type '" + type
                        + "' and no architectures (supported: smolvlm, idefics3)");
            };
        }
        if (!ARCHITECTURES.contains(arch)) {
            throw unknown(arch);
        }
        SiglipVisionConfig vision = SiglipVisionConfig.parse(f.child("vision_config"));
        LlamaTextConfig text = LlamaTextConfig.parse(f.child("text_config"));
        boolean tie = f.boolOr("tie_word_embeddings", false) || text.tieWordEmbeddings();
        return new SmolVlmConfig(arch, vision, text, f.intOr("scale_factor", 2), f.intOr("image_token_id", 128257), tie);
    }

    /** LLM tokens per image tile or video frame: (image_size / patch_size)² / scale_factor². */
    public int tokensPerImage() {
        return vision.numPatches() / (scaleFactor * scaleFactor);
    }

    private static BadInputException unknown(String arch) {
        return new BadInputException(FILE + ": unknown architecture '" + arch + "' (supported: "
                + String.join(", ", ARCHITECTURES) + ")");
    }
}
