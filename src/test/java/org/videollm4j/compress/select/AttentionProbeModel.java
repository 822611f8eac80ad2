package org.videollm4j.compress.select;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A copy of testdata/models/tiny-gqa-f32 whose text decoder attends by input similarity: every layer's
 * attention and MLP outputs are zero (o_proj = down_proj = 0, so each layer sees the input embeddings),
 * norms are ones, and every query/key head reads input channels 0..3 into its two lowest-frequency RoPE
 * pairs (head dims 6, 7, 14, 15), which rotate by under 2e-4 rad per position: q . k ~ alpha^2 x[0..3] .
 * x'[0..3] regardless of position. Tokens whose channels 0..3 match the question's get its attention.
 */
final class AttentionProbeModel {
    static final Path TINY = Path.of("testdata/models/tiny-gqa-f32");
    static final int[] CHANNELS = {0, 1, 2, 3};
    static final int[] HEAD_DIMS = {6, 7, 14, 15};

    private AttentionProbeModel() {
    }

    static Path write(Path dir, float alpha) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> s = Files.list(TINY)) {
            for (Path p : s.toList()) {
                if (!p.getFileName().toString().equals("model.safetensors")) {
                    Files.copy(p, dir.resolve(p.getFileName()));
                }
            }
        }
        byte[] all = Files.readAllBytes(TINY.resolve("model.safetensors"));
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen = (int) bb.getLong(0);
        ObjectMapper om = new ObjectMapper();
        ObjectNode header = (ObjectNode) om.readTree(new String(all, 8, headerLen, StandardCharsets.UTF_8));
        Map<String, float[]> overrides = new TreeMap<>();
        for (int l = 0; l < 2; l++) {
            String p = "model.text_model.layers." + l + ".";
            overrides.put(p + "self_attn.q_proj.weight", projection(4, alpha));
            overrides.put(p + "self_attn.k_proj.weight", projection(2, alpha));
            overrides.put(p + "self_attn.o_proj.weight", new float[64 * 64]);
            overrides.put(p + "mlp.down_proj.weight", new float[64 * 128]);
            overrides.put(p + "input_layernorm.weight", ones(64));
            overrides.put(p + "post_attention_layernorm.weight", ones(64));
        }
        ByteBuffer out = ByteBuffer.wrap(all.clone()).order(ByteOrder.LITTLE_ENDIAN);
        int dataStart = 8 + headerLen;
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            float[] w = overrides.get(e.getKey());
            if (w == null) {
                continue;
            }
            long begin = e.getValue().get("data_offsets").get(0).asLong();
            long end = e.getValue().get("data_offsets").get(1).asLong();
            if (end - begin != 4L * w.length) {
                throw new IllegalStateException(e.getKey() + " has " + (end - begin) / 4 + " floats, override " + w.length);
            }
            for (int i = 0; i < w.length; i++) {
                out.putFloat(dataStart + (int) begin + 4 * i, w[i]);
            }
        }
        Files.write(dir.resolve("model.safetensors"), out.array());
        return dir;
    }

    /** (heads * 16, 64): head h's dims 6, 7, 14, 15 = alpha * x[0..3]. */
    private static float[] projection(int heads, float alpha) {
        float[] w = new float[heads * 16 * 64];
        for (int h = 0; h < heads; h++) {
            for (int j = 0; j < 4; j++) {
                w[(h * 16 + HEAD_DIMS[j]) * 64 + CHANNELS[j]] = alpha;
            }
        }
        return w;
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }

}
