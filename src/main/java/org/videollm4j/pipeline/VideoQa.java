package org.videollm4j.pipeline;

import org.videollm4j.generate.GenerateOptions;
import org.videollm4j.generate.GenerationResult;
import org.videollm4j.generate.Generator;
import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.smolvlm.SmolVlmModel;
import org.videollm4j.preprocess.PixelBatch;
import org.videollm4j.prompt.ChatMessage;
import org.videollm4j.prompt.SmolVlmProcessor;
import org.videollm4j.prompt.SmolVlmPrompt;
import org.videollm4j.tokenizer.Tokenizer;
import org.videollm4j.util.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Question answering over a video with a SmolVLM-format model: decode and sample the frames, preprocess, build
 * the SmolVLM2 video prompt with the chat template, tokenise, encode the frames, prefill, generate greedily.
 * Loads the model once; {@link #prepare} does the per-video work once so several questions about one video
 * (as {@code eval} asks them) reuse the frames, their features and the KV cache of the shared prompt prefix.
 * Not thread-safe.
 */
public final class VideoQa implements AutoCloseable {
    private final SmolVlmModel model;
    private final SmolVlmProcessor processor;
    private final Tokenizer tokenizer;
    private final Set<Integer> stopIds;

    /** One answer with what it cost. */
    public record Answer(String answer, int framesSampled, int visualTokens, int promptTokens, int generatedTokens,
                         Map<String, Long> timingsMs) {
    }

    private VideoQa(SmolVlmModel model, SmolVlmProcessor processor, Tokenizer tokenizer) {
        this.model = model;
        this.processor = processor;
        this.tokenizer = tokenizer;
        Set<Integer> stops = new HashSet<>(model.generationConfig().eosTokenIds());
        processor.tokenizerConfig().eosToken().flatMap(t -> boxed(tokenizer.tokenId(t))).ifPresent(stops::add);
        boxed(tokenizer.tokenId("<end_of_utterance>")).ifPresent(stops::add);
        if (stops.isEmpty()) {
            throw BadInputException.file(model.dir(), "the model names no stop token (generation_config.json eos_token_id)");
        }
        this.stopIds = Set.copyOf(stops);
    }

    private static java.util.Optional<Integer> boxed(java.util.OptionalInt i) {
        return i.isPresent() ? java.util.Optional.of(i.getAsInt()) : java.util.Optional.empty();
    }

    /** Loads a model folder; a folder that is not a SmolVLM model gives one BadInputException naming it. */
    public static VideoQa load(Path modelDir) {
        if (!Files.isDirectory(modelDir)) {
            throw BadInputException.file(modelDir, "model folder not found");
        }
        for (String f : List.of("config.json", "tokenizer.json")) {
            if (!Files.isRegularFile(modelDir.resolve(f))) {
                throw BadInputException.file(modelDir, "not a model folder (no " + f + ")");
            }
        }
        SmolVlmModel m = SmolVlmModel.load(modelDir);
        try {
            return new VideoQa(m, SmolVlmProcessor.load(modelDir), Tokenizer.load(modelDir));
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    public SmolVlmModel model() {
        return model;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The context limit: prompt plus generated tokens must fit in it. */
    public int contextLimit() {
        return model.config().text().maxPositionEmbeddings();
    }

    /** A video ready for questions: its frames encoded and its shared prompt prefix prefilled. */
    public final class Prepared {
        private final SampledVideo video;
        private final String prefixText;
        private final int[] prefixIds;
        private final KvCache cache;
        final Map<String, Long> timings = new LinkedHashMap<>();

        private Prepared(SampledVideo video, String prefixText, int[] prefixIds, KvCache cache) {
            this.video = video;
            this.prefixText = prefixText;
            this.prefixIds = prefixIds;
            this.cache = cache;
        }

        public int frames() {
            return video.frames().size();
        }
    }

    /** Reads and prepares a video file. */
    public Prepared prepare(Path video, SampledVideo.Sampling sampling, Consumer<String> progress) {
        long t0 = System.nanoTime();
        SampledVideo v = SampledVideo.read(video, sampling);
        progress.accept("decoded " + v.frames().size() + " frames");
        long decodeMs = ms(t0);
        Prepared p = prepare(v, progress);
        Map<String, Long> t = new LinkedHashMap<>();
        t.put("decode", decodeMs);
        t.putAll(p.timings);
        p.timings.clear();
        p.timings.putAll(t);
        return p;
    }

    /** Encodes the frames and prefills the part of the prompt every question shares (everything before it). */
    public Prepared prepare(SampledVideo v, Consumer<String> progress) {
        Map<String, Long> t = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        PixelBatch px = processor.imageProcessor().processFrames(v.frames());
        String marker = "@@videollm4j-question@@";
        String full = processor.promptBuilder().buildVideo(List.of(ChatMessage.userWithVideo(marker)),
                new SmolVlmPrompt.VideoLayout(v.timestamps(), v.durationS()), true);
        String prefix = full.substring(0, full.indexOf(marker));
        int[] ids = tokenizer.encode(prefix);
        t.put("preprocess", ms(t0));
        checkFits(ids.length, 1);
        long t1 = System.nanoTime();
        progress.accept("encoding " + px.count() + " frames");
        float[] feats = model.encodeImages(px.pixelValues(), px.count());
        t.put("vision", ms(t1));
        long t2 = System.nanoTime();
        progress.accept("prefill " + ids.length + " tokens");
        float[] emb = model.inputEmbeddings(ids, feats, px.count());
        KvCache cache = model.newCache();
        cache.reserve(ids.length + 64);
        new Generator(model.textModel()).prefill(emb, range(0, ids.length), cache, 512);
        t.put("prefill_video", ms(t2));
        Prepared p = new Prepared(v, prefix, ids, cache);
        p.timings.putAll(t);
        return p;
    }

    /** Answers one question about a prepared video; the prepared prefix is left as it was. */
    public Answer ask(Prepared p, String question, int maxNewTokens) {
        if (question == null || question.isBlank()) {
            throw new BadInputException("question: empty");
        }
        long t0 = System.nanoTime();
        String full = processor.promptBuilder().buildVideo(List.of(ChatMessage.userWithVideo(question)),
                new SmolVlmPrompt.VideoLayout(p.video.timestamps(), p.video.durationS()), true);
        if (!full.startsWith(p.prefixText)) {
            throw new IllegalStateException("the prompt of the question does not start with the video prefix");
        }
        int[] rest = tokenizer.encode(full.substring(p.prefixText.length()));
        int[] whole = tokenizer.encode(full);
        if (whole.length != p.prefixIds.length + rest.length
                || !Arrays.equals(whole, p.prefixIds.length, whole.length, rest, 0, rest.length)) {
            throw new IllegalStateException("the question's tokens depend on the video prefix; cannot reuse it");
        }
        int total = p.prefixIds.length + rest.length;
        checkFits(total, maxNewTokens);
        if (containsImageToken(rest)) {
            throw new BadInputException("question: contains the image placeholder token");
        }
        int n = p.prefixIds.length;
        long t1 = System.nanoTime();
        Generator gen = new Generator(model.textModel());
        GenerationResult r;
        try {
            float[] last = gen.prefill(model.embed(rest), range(n, rest.length), p.cache, 512);
            r = gen.decode(p.cache, last, total, GenerateOptions.greedy(maxNewTokens, stopIds), null);
        } finally {
            for (int l = 0; l < p.cache.numLayers(); l++) {
                int size = p.cache.size(l);
                if (size > n) {
                    p.cache.remove(l, n, size);
                }
            }
        }
        long genMs = ms(t1);
        int[] out = r.tokens();
        if (r.stopped()) {
            out = Arrays.copyOf(out, out.length - 1);
        }
        String answer = tokenizer.decode(out, true).strip();
        Map<String, Long> timings = new LinkedHashMap<>(p.timings);
        timings.put("prompt", ms(t0) - genMs);
        timings.put("generate", genMs);
        timings.put("total", timings.values().stream().mapToLong(Long::longValue).sum());
        return new Answer(answer, p.frames(), p.frames() * model.tokensPerImage(), total, r.tokens().length, timings);
    }

    private boolean containsImageToken(int[] ids) {
        for (int id : ids) {
            if (id == model.config().imageTokenId()) {
                return true;
            }
        }
        return false;
    }

    private void checkFits(int promptTokens, int newTokens) {
        if (promptTokens + newTokens > contextLimit()) {
            throw new BadInputException("the prompt (" + promptTokens + " tokens, plus " + newTokens
                    + " to generate) does not fit the model's context of " + contextLimit()
                    + " tokens (max_position_embeddings); sample fewer frames (--fps or --frames) or ask a shorter question");
        }
    }

    private static int[] range(int from, int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Override
    public void close() {
        model.close();
    }
}
