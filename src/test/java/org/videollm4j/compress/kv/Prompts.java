package org.videollm4j.compress.kv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.kv.TokenTag;
import org.videollm4j.model.llama.LlamaModel;
import org.videollm4j.model.smolvlm.SmolVlmModel;
import org.videollm4j.testutil.GoldenTensors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/** Prompts for the compression tests: the golden video case, and longer synthetic video-like prompts. */
public final class Prompts {
    /**
     * @param embeddings (n, hidden)
     * @param tags       (n) TEXT or frame index
     */
    public record Prompt(float[] embeddings, int[] tags) {
        public int length() {
            return tags.length;
        }

        public int visual() {
            return (int) Arrays.stream(tags).filter(TokenTag::isVisual).count();
        }

        public int text() {
            return length() - visual();
        }

        /** Rows [from, to) as a prompt of their own. */
        public Prompt slice(int from, int to, int hidden) {
            return new Prompt(Arrays.copyOfRange(embeddings, from * hidden, to * hidden), Arrays.copyOfRange(tags, from, to));
        }
    }

    private Prompts() {
    }

    /** The golden video case of tiny-gqa-f32: 4 frames x 4 image tokens inside the real SmolVLM prompt. */
    public static Prompt goldenVideo(SmolVlmModel m) throws IOException {
        Path dir = Path.of("testdata/goldens/tiny-gqa-f32");
        JsonNode meta = new ObjectMapper().readTree(dir.resolve("video.json").toFile());
        int[] ids = IntStream.range(0, meta.get("prompt_ids").size()).map(i -> meta.get("prompt_ids").get(i).asInt()).toArray();
        GoldenTensors t = GoldenTensors.read(dir.resolve("video.safetensors"));
        int frames = t.shape("pixel_values")[0];
        float[] features = m.encodeImages(t.f32("pixel_values"), frames);
        float[] emb = m.inputEmbeddings(ids, features, frames);
        int[] tags = new int[ids.length];
        int v = 0;
        for (int i = 0; i < ids.length; i++) {
            tags[i] = ids[i] == m.config().imageTokenId() ? v++ / m.tokensPerImage() : TokenTag.TEXT;
        }
        return new Prompt(emb, tags);
    }

    /**
     * A video-like prompt: {@code prefix} text rows, then per frame {@code sep} text rows and {@code perFrame}
     * visual rows, then {@code suffix} text rows. Text rows embed random ids; visual rows are random vectors
     * of the embedding scale (so attention patterns are not degenerate).
     */
    public static Prompt synthetic(LlamaModel text, long seed, int prefix, int frames, int sep, int perFrame, int suffix) {
        Random r = new Random(seed);
        int h = text.config().hiddenSize();
        List<Integer> tags = new ArrayList<>();
        for (int i = 0; i < prefix; i++) {
            tags.add(TokenTag.TEXT);
        }
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < sep; i++) {
                tags.add(TokenTag.TEXT);
            }
            for (int i = 0; i < perFrame; i++) {
                tags.add(f);
            }
        }
        for (int i = 0; i < suffix; i++) {
            tags.add(TokenTag.TEXT);
        }
        int n = tags.size();
        int[] ids = IntStream.range(0, n).map(i -> r.nextInt(text.config().vocabSize())).toArray();
        float[] emb = text.embed(ids);
        double scale = 0;
        for (float x : emb) {
            scale += x * x;
        }
        scale = Math.sqrt(scale / emb.length);
        for (int i = 0; i < n; i++) {
            if (TokenTag.isVisual(tags.get(i))) {
                for (int d = 0; d < h; d++) {
                    emb[i * h + d] = (float) (r.nextGaussian() * scale);
                }
            }
        }
        return new Prompt(emb, tags.stream().mapToInt(Integer::intValue).toArray());
    }

    public static double relError(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("length " + a.length + " != " + b.length);
        }
        double d = 0;
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
            m = Math.max(m, Math.abs(b[i]));
        }
        return d / m;
    }

    public static int countVisual(KvCache c, int layer) {
        return count(c, layer, true);
    }

    static int count(KvCache c, int layer, boolean visual) {
        return (int) Arrays.stream(c.layer(layer).tags()).filter(t -> TokenTag.isVisual(t) == visual).count();
    }
}
