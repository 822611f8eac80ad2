package org.videollm4j.model.smolvlm;

import org.videollm4j.model.hf.GenerationConfig;
import org.videollm4j.model.hf.WeightStore;
import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.llama.LlamaModel;
import org.videollm4j.util.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A SmolVLM / Idefics3 checkpoint loaded from a Hugging Face snapshot folder: vision tower, connector
 * and Llama text decoder over memory-mapped weights. Closing it unmaps the weights. The model is
 * immutable after loading: threads may run it at once, each with its own {@link KvCache}.
 */
public final class SmolVlmModel implements AutoCloseable {
    /** Frames encoded together: bounds activation memory (~frames · N² · intermediate floats). */
    static final int FRAME_BATCH = 8;

    private final Path dir;
    private final SmolVlmConfig config;
    private final GenerationConfig generationConfig;
    private final WeightStore weights;
    private final VisionTower vision;
    private final Connector connector;
    private final LlamaModel text;
    private final boolean int8Decode;

    private SmolVlmModel(Path dir, SmolVlmConfig config, GenerationConfig gen, WeightStore weights, boolean int8Decode) {
        this.dir = dir;
        this.config = config;
        this.generationConfig = gen;
        this.weights = weights;
        this.vision = new VisionTower(config.vision(), weights, "model.vision_model.");
        this.connector = new Connector(config, weights, "model.connector.modality_projection.proj.weight");
        this.text = new LlamaModel(config.text(), weights, "model.text_model.", "lm_head.weight",
                config.tieWordEmbeddings(), int8Decode);
        this.int8Decode = int8Decode;
    }

    /**
     * Loads config.json, generation_config.json (optional) and the safetensors weights of {@code dir};
     * int8 decoding when the system property {@code videollm4j.int8} is true (e.g.
     * {@code VIDEOLLM4J_JAVA_OPTS=-Dvideollm4j.int8=true ./videollm4j generate ...}).
     */
    public static SmolVlmModel load(Path dir) {
        return load(dir, Boolean.getBoolean("videollm4j.int8"));
    }

    /**
     * @param int8Decode one-token decoding steps of the text model run on int8 copies of its weights
     *                   (per-group symmetric; made at load, ~1/4 of the f32 size on the heap); vision
     *                   and prefill stay f32
     */
    public static SmolVlmModel load(Path dir, boolean int8Decode) {
        if (!Files.isDirectory(dir)) {
            throw BadInputException.file(dir, "model folder not found");
        }
        SmolVlmConfig config = SmolVlmConfig.load(dir);
        GenerationConfig gen = GenerationConfig.load(dir);
        WeightStore weights = WeightStore.open(dir);
        try {
            return new SmolVlmModel(dir, config, gen, weights, int8Decode);
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    public Path dir() {
        return dir;
    }

    /** Whether decoding runs on int8 weights. */
    public boolean int8Decode() {
        return int8Decode;
    }

    public SmolVlmConfig config() {
        return config;
    }

    public GenerationConfig generationConfig() {
        return generationConfig;
    }

    public VisionTower visionTower() {
        return vision;
    }

    public LlamaModel textModel() {
        return text;
    }

    public int tokensPerImage() {
        return connector.tokensPerImage();
    }

    /** Vision tower output (frames, N², V) for normalised pixels (frames, 3, S, S). */
    public float[] visionHidden(float[] pixels, int frames) {
        return vision.encode(pixels, frames);
    }

    /**
     * Image features in LLM space for normalised tiles/frames, encoded in batches of {@value #FRAME_BATCH}.
     *
     * @param pixels (frames, 3, S, S)
     * @return (frames, tokensPerImage, H)
     */
    public float[] encodeImages(float[] pixels, int frames) {
        return encodeImages(pixels, frames, n -> { });
    }

    /** As {@link #encodeImages(float[], int)}, telling {@code framesDone} how many frames each batch finished. */
    public float[] encodeImages(float[] pixels, int frames, java.util.function.IntConsumer framesDone) {
        int frameFloats = config.vision().numChannels() * config.vision().imageSize() * config.vision().imageSize();
        if (frames <= 0 || pixels.length != (long) frames * frameFloats) {
            throw new IllegalArgumentException("pixels must be (" + frames + ", " + config.vision().numChannels() + ", "
                    + config.vision().imageSize() + ", " + config.vision().imageSize() + "), got " + pixels.length + " floats");
        }
        int perFrame = tokensPerImage() * config.text().hiddenSize();
        float[] out = new float[frames * perFrame]; // (frames, tokensPerImage, H)
        // one set of scratch arrays for every batch: fresh ones per batch cost page faults (VisionTower.Workspace)
        int most = Math.min(FRAME_BATCH, frames);
        VisionTower.Workspace ws = vision.workspace(most);
        float[] batch = new float[most * frameFloats]; // (nf, 3, S, S)
        float[] shuffled = new float[most * tokensPerImage() * config.vision().hiddenSize()
                * config.scaleFactor() * config.scaleFactor()]; // (nf·t, V·s²)
        float[] feats = new float[most * perFrame]; // (nf, t, H)
        for (int f0 = 0; f0 < frames; f0 += FRAME_BATCH) {
            int nf = Math.min(FRAME_BATCH, frames - f0);
            System.arraycopy(pixels, f0 * frameFloats, batch, 0, nf * frameFloats);
            connector.project(vision.encode(batch, nf, ws), nf, shuffled, feats);
            System.arraycopy(feats, 0, out, f0 * perFrame, nf * perFrame);
            framesDone.accept(nf);
        }
        return out;
    }

    /** Token embeddings (ids.length, H). */
    public float[] embed(int[] ids) {
        return text.embed(ids);
    }

    /**
     * Input embeddings for a prompt (model-architectures A6): token embeddings, with the i-th
     * {@code image_token_id} replaced by row i of {@code imageFeatures}.
     *
     * @param imageFeatures (frames, tokensPerImage, H), null when frames == 0
     * @return (ids.length, H)
     */
    public float[] inputEmbeddings(int[] ids, float[] imageFeatures, int frames) {
        int h = config.text().hiddenSize();
        int expected = frames * tokensPerImage();
        int count = 0;
        for (int id : ids) {
            if (id == config.imageTokenId()) {
                count++;
            }
        }
        if (count != expected) {
            throw new BadInputException("prompt has " + count + " image tokens (id " + config.imageTokenId()
                    + ") but " + frames + " images/frames give " + expected + " features (" + tokensPerImage()
                    + " each); does the text contain a literal image placeholder token?");
        }
        if (frames > 0 && (imageFeatures == null || imageFeatures.length != expected * h)) {
            throw new IllegalArgumentException("image features must be (" + frames + ", " + tokensPerImage() + ", " + h + ")");
        }
        float[] out = text.embed(ids);
        int next = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == config.imageTokenId()) {
                System.arraycopy(imageFeatures, next++ * h, out, i * h, h);
            }
        }
        return out;
    }

    public KvCache newCache() {
        return text.newCache();
    }

    @Override
    public void close() {
        weights.close();
    }
}
