package org.videollm4j.model.smolvlm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.model.hf.ConfigFields;
import org.videollm4j.model.hf.GenerationConfig;
import org.videollm4j.util.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Loading checkpoints: config defaults, tied heads, and every bad-input path naming its file. */
class SmolVlmLoadTest {
    static final Path GQA = Path.of("testdata/models/tiny-gqa-f32");
    static final Path SHARDED = Path.of("testdata/models/tiny-sharded-f32");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A copy of a checkpoint folder in the temp dir. */
    private Path copy(Path src) throws IOException {
        Path dst = tmp.resolve(src.getFileName());
        Files.createDirectories(dst);
        try (Stream<Path> s = Files.list(src)) {
            for (Path p : s.toList()) {
                Files.copy(p, dst.resolve(p.getFileName()));
            }
        }
        return dst;
    }

    private void editConfig(Path dir, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(dir.resolve("config.json").toFile());
        edit.accept(root);
        JSON.writeValue(dir.resolve("config.json").toFile(), root);
    }

    @Test
    void loadsWithClassDefaultsForMissingKeys() {
        try (SmolVlmModel m = SmolVlmModel.load(GQA)) {
            SmolVlmConfig c = m.config();
            assertThat(c.vision().layerNormEps()).isEqualTo(1e-6);
            assertThat(c.vision().hiddenAct()).isEqualTo("gelu_pytorch_tanh");
            assertThat(c.vision().numChannels()).isEqualTo(3);
            assertThat(c.text().numKeyValueHeads()).isEqualTo(2);
            assertThat(m.tokensPerImage()).isEqualTo(c.tokensPerImage());
            assertThat(m.generationConfig().eosTokenIds()).hasSize(1);
        }
    }

    @Test
    void emptyConfigTakesTransformersDefaults() throws IOException {
        SmolVlmConfig c = SmolVlmConfig.parse(new ConfigFields("config.json", "",
                JSON.readTree("{\"architectures\":[\"Idefics3ForConditionalGeneration\"], \"vision_config\": {\"image_size\": 512,"
                        + " \"patch_size\": 16}, \"text_config\": {\"vocab_size\": 128300}}")));
        // 224 / 32 = 7 patches per side would not divide by the default scale_factor 2, so those two are given
        assertThat(c.vision()).isEqualTo(new SiglipVisionConfig(1152, 3072, 12, 16, 3, 512, 16, "gelu_pytorch_tanh", 1e-6));
        assertThat(c.text().hiddenSize()).isEqualTo(4096);
        assertThat(c.text().numKeyValueHeads()).isEqualTo(32);
        assertThat(c.text().headDim()).isEqualTo(128);
        assertThat(c.text().rmsNormEps()).isEqualTo(1e-6);
        assertThat(c.text().ropeTheta()).isEqualTo(10000.0);
        assertThat(c.scaleFactor()).isEqualTo(2);
        assertThat(c.imageTokenId()).isEqualTo(128257);
        assertThat(c.tieWordEmbeddings()).isFalse();
    }

    @Test
    void ropeThetaFromV5RopeParametersAndScalingRejected() throws IOException {
        String base = "{\"architectures\":[\"SmolVLMForConditionalGeneration\"], \"vision_config\": {\"image_size\": 512,"
                + " \"patch_size\": 16}, \"text_config\": {\"vocab_size\": 128300, ";
        SmolVlmConfig c = SmolVlmConfig.parse(new ConfigFields("config.json", "", JSON.readTree(
                base + "\"rope_parameters\": {\"rope_type\": \"default\", \"rope_theta\": 100000.0}}}")));
        assertThat(c.text().ropeTheta()).isEqualTo(100000.0);
        assertThatThrownBy(() -> SmolVlmConfig.parse(new ConfigFields("config.json", "", JSON.readTree(
                base + "\"rope_scaling\": {\"rope_type\": \"yarn\", \"factor\": 4}}}"))))
                .hasMessage("config.json: text_config.rope_scaling type 'yarn' is not supported (only plain RoPE)");
    }

    @Test
    void shardedCheckpointWithTiedHeadUsesEmbeddings() {
        try (SmolVlmModel m = SmolVlmModel.load(SHARDED)) {
            assertThat(m.config().tieWordEmbeddings()).isTrue();
            float[] e = m.embed(new int[]{5});
            assertThat(e).hasSize(m.config().text().hiddenSize());
        }
    }

    @Test
    void untiedCheckpointWithoutLmHeadNamesTheTensor() throws IOException {
        Path dir = copy(SHARDED);
        editConfig(dir, c -> c.put("tie_word_embeddings", false));
        assertThatThrownBy(() -> SmolVlmModel.load(dir)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("tensor 'lm_head.weight' is missing");
    }

    @Test
    void unknownArchitecture() throws IOException {
        Path dir = copy(GQA);
        editConfig(dir, c -> c.set("architectures", JSON.valueToTree(List.of("LlavaForConditionalGeneration"))));
        assertThatThrownBy(() -> SmolVlmModel.load(dir)).isInstanceOf(BadInputException.class)
                .hasMessage("config.json: unknown architecture 'LlavaForConditionalGeneration' (supported: "
                        + "SmolVLMForConditionalGeneration, Idefics3ForConditionalGeneration)");
    }

    @Test
    void shapeMismatchNamesTensorAndConfigValues() throws IOException {
        Path dir = copy(GQA);
        editConfig(dir, c -> ((ObjectNode) c.get("text_config")).put("num_key_value_heads", 1));
        assertThatThrownBy(() -> SmolVlmModel.load(dir)).isInstanceOf(BadInputException.class)
                .hasMessage("model.safetensors: tensor 'model.text_model.layers.0.self_attn.k_proj.weight' has shape "
                        + "[32, 64] but config.json implies [16, 64] (num_key_value_heads=1, head_dim=16)");
    }

    @Test
    void moreLayersInFileThanConfigIsReported() throws IOException {
        Path dir = copy(GQA);
        editConfig(dir, c -> ((ObjectNode) c.get("text_config")).put("num_hidden_layers", 1));
        assertThatThrownBy(() -> SmolVlmModel.load(dir))
                .hasMessageContaining("'model.text_model.layers.1.input_layernorm.weight' but config.json says num_hidden_layers=1");
    }

    @Test
    void invalidConfigValuesAreNamed() throws IOException {
        Path dir = copy(GQA);
        editConfig(dir, c -> ((ObjectNode) c.get("text_config")).put("num_key_value_heads", 3));
        assertThatThrownBy(() -> SmolVlmModel.load(dir))
                .hasMessage("config.json: num_attention_heads=4 is not a multiple of num_key_value_heads=3");
        editConfig(dir, c -> ((ObjectNode) c.get("vision_config")).put("hidden_act", "relu"));
        assertThatThrownBy(() -> SmolVlmModel.load(dir)).hasMessage(
                "config.json: vision_config.hidden_act 'relu' is not supported (supported: gelu_pytorch_tanh)");
        editConfig(dir, c -> ((ObjectNode) c.get("vision_config")).put("patch_size", "8"));
        assertThatThrownBy(() -> SmolVlmModel.load(dir))
                .hasMessage("config.json: vision_config.patch_size must be an integer, got \"8\"");
    }

    @Test
    void malformedOrMissingConfig() throws IOException {
        Path dir = copy(GQA);
        Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"SmolVLMForConditionalGeneration\"");
        assertThatThrownBy(() -> SmolVlmModel.load(dir)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("config.json: malformed JSON");
        Files.delete(dir.resolve("config.json"));
        assertThatThrownBy(() -> SmolVlmModel.load(dir)).hasMessageStartingWith("config.json: file not found");
    }

    @Test
    void missingWeightsFile() throws IOException {
        Path dir = copy(GQA);
        Files.delete(dir.resolve("model.safetensors"));
        assertThatThrownBy(() -> SmolVlmModel.load(dir)).isInstanceOf(BadInputException.class)
                .hasMessageEndingWith(": no model.safetensors or model.safetensors.index.json in the model folder");
        assertThatThrownBy(() -> SmolVlmModel.load(tmp.resolve("nope"))).hasMessageEndingWith("model folder not found");
    }

    @Test
    void truncatedWeightsFile() throws IOException {
        Path dir = copy(GQA);
        Path st = dir.resolve("model.safetensors");
        byte[] b = Files.readAllBytes(st);
        Files.write(st, java.util.Arrays.copyOf(b, b.length / 2));
        assertThatThrownBy(() -> SmolVlmModel.load(dir)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("model.safetensors: tensor '").hasMessageContaining("point past the end of the data");
    }

    @Test
    void shardIndexPointingToAShardWithoutTheTensor() throws IOException {
        Path dir = copy(SHARDED);
        Path index = dir.resolve("model.safetensors.index.json");
        ObjectNode root = (ObjectNode) JSON.readTree(index.toFile());
        ObjectNode wm = (ObjectNode) root.get("weight_map");
        String name = "model.text_model.norm.weight";
        String shard = wm.get(name).asText();
        String other = shard.contains("00001") ? shard.replace("00001", "00002") : shard.replace("00002", "00001");
        wm.put(name, other);
        JSON.writeValue(index.toFile(), root);
        assertThatThrownBy(() -> SmolVlmModel.load(dir)).isInstanceOf(BadInputException.class)
                .hasMessage(other + ": tensor '" + name + "' is listed in model.safetensors.index.json but missing from this shard");
        wm.put(name, "../escape.safetensors");
        JSON.writeValue(index.toFile(), root);
        assertThatThrownBy(() -> SmolVlmModel.load(dir))
                .hasMessageContaining("model.safetensors.index.json: weight_map entry '" + name + "' names an invalid shard");
    }

    @Test
    void generationConfigEosIntOrList() throws IOException {
        Files.writeString(tmp.resolve("generation_config.json"), "{\"eos_token_id\": [7, 9], \"do_sample\": true, \"top_p\": 0.9}");
        GenerationConfig g = GenerationConfig.load(tmp);
        assertThat(g.eosTokenIds()).containsExactly(7, 9);
        assertThat(g.doSample()).isTrue();
        assertThat(g.topP()).isEqualTo(0.9);
        assertThat(g.topK()).as("transformers GenerationConfig default").isEqualTo(50);
        Files.writeString(tmp.resolve("generation_config.json"), "{\"eos_token_id\": 3}");
        assertThat(GenerationConfig.load(tmp).eosTokenIds()).containsExactly(3);
        Files.writeString(tmp.resolve("generation_config.json"), "{\"eos_token_id\": \"x\"}");
        assertThatThrownBy(() -> GenerationConfig.load(tmp))
                .hasMessage("generation_config.json: eos_token_id must be a token id or a list of token ids, got \"x\"");
        Files.delete(tmp.resolve("generation_config.json"));
        assertThat(GenerationConfig.load(tmp)).isEqualTo(GenerationConfig.NONE);
    }

    @Test
    void imageTokenCountMustMatchFeatures() {
        try (SmolVlmModel m = SmolVlmModel.load(GQA)) {
            int img = m.config().imageTokenId();
            assertThatThrownBy(() -> m.inputEmbeddings(new int[]{1, img, 2}, new float[0], 1))
                    .hasMessageContaining("prompt has 1 image tokens").hasMessageContaining("1 images/frames give "
                            + m.tokensPerImage());
        }
    }
}
