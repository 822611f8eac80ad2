package org.videollm4j.pipeline;

import org.videollm4j.compress.FrameSelection;
import org.videollm4j.compress.VisualFeatures;
import org.videollm4j.compress.kv.ChunkedPrefill;
import org.videollm4j.compress.kv.KvBudget;
import org.videollm4j.compress.kv.KvPolicies;
import org.videollm4j.compress.kv.KvPolicy;
import org.videollm4j.compress.kv.KvTrace;
import org.videollm4j.compress.layer.FastV;
import org.videollm4j.compress.layer.LpCompHook;
import org.videollm4j.compress.select.DpSelect;
import org.videollm4j.compress.select.DpSelectSelector;
import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.kv.LayerHook;
import org.videollm4j.model.kv.TokenTag;
import org.videollm4j.model.smolvlm.SmolVlmModel;
import org.videollm4j.preprocess.PixelBatch;
import org.videollm4j.prompt.SmolVlmProcessor;
import org.videollm4j.prompt.SmolVlmPrompt;
import org.videollm4j.tokenizer.Tokenizer;
import org.videollm4j.util.BadInputException;
import org.videollm4j.util.StepProgress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Question answering with compression ({@code ask --method}, {@code eval}): decode + sample, preprocess,
 * encode ({@link #encode}, shared by every method), then per method ({@link #prepare}) frame selection,
 * merging, prompt and a chunked prefill with the method's KV policy / layer hook, then per question
 * ({@link #ask}) the rest of the prompt and greedy decoding. The query-agnostic part of a method (features,
 * DPSelect, uniform selection, LongVLM merging, the PivotKV-compressed video prefix, an LP-Comp prefix) is
 * computed once per video and method; question-dependent methods (QC-Comp, FastV, SnapKV, H2O) prefill
 * the whole prompt per question ({@link MethodRunner}). Not thread-safe; shares the model of a {@link VideoQa}.
 */
public final class CompressedQa implements AutoCloseable {
    private final VideoQa qa;
    private final SmolVlmModel model;
    private final Tokenizer tokenizer;
    private final SmolVlmPrompt prompt;
    private final SmolVlmProcessor processor;
    private final Set<Integer> stopIds;
    private final boolean ownsQa;
    private boolean beyondContext;
    private AnswerStyle answerStyle;

    /**
     * One answer: the text, token counts and the trace; with a describe-first model ({@link AnswerStyle}) also
     * the description it gave before answering (else null). {@code promptTokens} counts every position before the
     * answer (with the description), {@code generatedTokens} the answer's tokens.
     */
    public record Answer(String answer, int framesSampled, int promptTokens, int generatedTokens,
                         CompressionTrace trace, String transcript) {
        public Answer(String answer, int framesSampled, int promptTokens, int generatedTokens, CompressionTrace trace) {
            this(answer, framesSampled, promptTokens, generatedTokens, trace, null);
        }

        /** Visual tokens that reached the prompt. */
        public int visualTokens() {
            return trace.promptVisualTokens();
        }
    }

    /** A decoded and encoded video: what every method starts from. */
    public record Encoded(SampledVideo video, VisualFeatures features, DpSelect.Result dpSelect,
                          Map<String, Long> timingsMs) {
    }

    public CompressedQa(VideoQa qa) {
        this(qa, false);
    }

    private CompressedQa(VideoQa qa, boolean owns) {
        this.qa = qa;
        this.ownsQa = owns;
        this.model = qa.model();
        this.tokenizer = qa.tokenizer();
        this.processor = SmolVlmProcessor.load(model.dir());
        this.prompt = processor.promptBuilder();
        // the same stop tokens as VideoQa: generation_config eos ids, the tokenizer's eos, <end_of_utterance>
        Set<Integer> stops = new HashSet<>(model.generationConfig().eosTokenIds());
        processor.tokenizerConfig().eosToken().ifPresent(t -> {
            var id = tokenizer.tokenId(t);
            if (id.isPresent()) {
                stops.add(id.getAsInt());
            }
        });
        var eou = tokenizer.tokenId("<end_of_utterance>");
        if (eou.isPresent()) {
            stops.add(eou.getAsInt());
        }
        this.stopIds = Set.copyOf(stops);
        this.answerStyle = AnswerStyle.load(model.dir());
    }

    public static CompressedQa load(Path modelDir) {
        return new CompressedQa(VideoQa.load(modelDir), true);
    }

    /**
     * Lets prompts run past the model's max_position_embeddings (RoPE extrapolates; what an uncompressed long
     * video does to a model trained shorter). Off by default: such prompts are refused.
     */
    public CompressedQa allowBeyondContext(boolean allow) {
        this.beyondContext = allow;
        return this;
    }

    boolean beyondContext() {
        return beyondContext;
    }

    /** How questions are asked: the model folder's {@link AnswerStyle} unless replaced here. */
    public AnswerStyle answerStyle() {
        return answerStyle;
    }

    /** Replaces the model folder's answer style (e.g. {@link AnswerStyle#DIRECT} for {@code --answer-directly}). */
    public CompressedQa answerStyle(AnswerStyle style) {
        this.answerStyle = java.util.Objects.requireNonNull(style, "style");
        return this;
    }

    public SmolVlmModel model() {
        return model;
    }

    /**
     * Reads, samples and encodes a video file. Frames are preprocessed and encoded in batches while the video is
     * decoded ({@link StreamingEncoder}): the returned video holds thumbnails, not native-size frames (nothing
     * after encoding reads pixels); features are those of {@link #encode(SampledVideo, Consumer)}.
     */
    public Encoded encode(Path video, SampledVideo.Sampling sampling, Consumer<String> progress) {
        long t0 = System.nanoTime();
        StreamingEncoder enc = new StreamingEncoder(model, processor.imageProcessor());
        // one progress step per decoded frame; encoding runs in batches inside the decoding loop
        SampledVideo v = SampledVideo.read(video, sampling, enc::accept, StepProgress.of(progress));
        float[] feats = enc.features(); // (frames, tokensPerImage, hidden)
        long all = ms(t0);
        progress.accept("decoded and encoded " + v.frames().size() + " frames");
        Map<String, Long> t = new LinkedHashMap<>();
        t.put("decode", Math.max(0, all - enc.preprocessMs() - enc.visionMs()));
        t.put("preprocess", enc.preprocessMs());
        t.put("vision", enc.visionMs());
        return finish(v, feats, enc.frames(), t);
    }

    /**
     * Preprocesses and encodes sampled frames; DPSelect's keyframes come along (cheap, for the trace). Progress:
     * a "preprocessing" stage, then "encoding" with one step per frame.
     */
    public Encoded encode(SampledVideo v, Consumer<String> progress) {
        StepProgress steps = StepProgress.of(progress);
        Map<String, Long> t = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        steps.accept("preprocessing " + v.frames().size() + " frames");
        PixelBatch px = processor.imageProcessor().processFrames(v.frames());
        t.put("preprocess", ms(t0));
        long t1 = System.nanoTime();
        steps.stage("encoding " + px.count() + " frames", px.count());
        float[] feats = model.encodeImages(px.pixelValues(), px.count(), steps::step); // (frames, tokensPerImage, hidden)
        t.put("vision", ms(t1));
        return finish(v, feats, px.count(), t);
    }

    /** Features with their timestamps, and DPSelect's keyframes (timed as "keyframes"). */
    private Encoded finish(SampledVideo v, float[] feats, int frames, Map<String, Long> t) {
        double[] ts = v.timestamps().stream().mapToDouble(Double::doubleValue).toArray();
        VisualFeatures f = new VisualFeatures(feats, frames, model.tokensPerImage(),
                model.config().text().hiddenSize(), ts);
        long t2 = System.nanoTime();
        DpSelect.Result dp = new DpSelectSelector(1.0, DpSelect.Variant.PATCH).run(f);
        t.put("keyframes", ms(t2));
        return new Encoded(v, f, dp, t);
    }

    /**
     * The video ready for questions under {@code config}: selection, merging and (for query-agnostic methods)
     * the compressed video prefix in a KV cache.
     *
     * @throws CompressionConfig.Invalid when the method cannot run on this model and these frames
     */
    public MethodRunner prepare(Encoded video, CompressionConfig config) {
        config.checkModel(video.features().frames(), video.features().tokensPerFrame(),
                model.textModel().config().numHiddenLayers());
        return prepare(video, config, null);
    }

    /** As {@link #prepare(Encoded, CompressionConfig)}, taking and keeping the video prefix in {@code store}. */
    public MethodRunner prepare(Encoded video, CompressionConfig config, MethodRunner.PrefixStore store) {
        return prepare(video, config, store, StepProgress.NONE);
    }

    /** As {@link #prepare(Encoded, CompressionConfig, MethodRunner.PrefixStore)}, reporting the prefill per chunk. */
    public MethodRunner prepare(Encoded video, CompressionConfig config, MethodRunner.PrefixStore store,
                                Consumer<String> progress) {
        config.checkModel(video.features().frames(), video.features().tokensPerFrame(),
                model.textModel().config().numHiddenLayers());
        return new MethodRunner(this, video, config, store, StepProgress.of(progress));
    }

    /** Convenience: encode, prepare, ask one question. */
    public Answer ask(Path video, SampledVideo.Sampling sampling, CompressionConfig config, String question,
                      int maxNewTokens, Consumer<String> progress) {
        CompressionTrace.resetHeapPeaks();
        Encoded e = encode(video, sampling, progress);
        return prepare(e, config).ask(question, maxNewTokens);
    }

    // --- shared helpers for MethodRunner ---

    SmolVlmPrompt prompt() {
        return prompt;
    }

    Tokenizer tokenizer() {
        return tokenizer;
    }

    Set<Integer> stopIds() {
        return stopIds;
    }

    int contextLimit() {
        return qa.contextLimit();
    }

    /** A fresh KV policy for one prefill (policies keep per-prompt state). */
    KvPolicy policy(CompressionConfig c) {
        return KvPolicies.create(c.method().kvPolicy(), new KvBudget(c.kvBudget()), c.pivots(), c.reforge(), c.frameText(),
                model.textModel().config());
    }

    LpCompHook lpComp(CompressionConfig c) {
        return c.lpComp() ? LpCompHook.cosine(model.tokensPerImage(), model.textModel().config().numHiddenLayers()) : null;
    }

    FastV fastV(CompressionConfig c) {
        return c.method() == CompressionConfig.Method.FASTV ? new FastV(c.fastvK(), c.fastvRatio()) : null;
    }

    static FrameSelection all(int frames) {
        int[] kept = new int[frames];
        for (int i = 0; i < frames; i++) {
            kept[i] = i;
        }
        return new FrameSelection(kept, new double[frames], new boolean[frames], new boolean[0]);
    }

    /** The cache's state at the end of a prefill, as trace arrays: visual, entries, bytes per layer; max position. */
    static Object[] cacheState(KvCache cache) {
        int layers = cache.numLayers();
        int[] visual = new int[layers];
        int[] entries = new int[layers];
        long[] bytes = new long[layers];
        int maxPos = -1;
        for (int l = 0; l < layers; l++) {
            entries[l] = cache.size(l);
            bytes[l] = cache.bytesUsed(l);
            for (int i = 0; i < cache.size(l); i++) {
                if (TokenTag.isVisual(cache.layer(l).tag(i))) {
                    visual[l]++;
                }
                maxPos = Math.max(maxPos, cache.layer(l).position(i));
            }
        }
        return new Object[]{visual, entries, bytes, maxPos};
    }

    static List<int[]> steps(KvTrace t) {
        List<int[]> out = new ArrayList<>();
        if (t != null) {
            for (KvTrace.Step s : t.steps()) {
                out.add(new int[]{s.chunk(), s.visualIn(), s.keptPerLayer().length == 0 ? 0 : s.keptPerLayer()[0],
                        s.pivotsDropped()});
            }
        }
        return out;
    }

    static LayerHook hookOf(LpCompHook lp, FastV fv) {
        return lp != null ? lp : fv;
    }

    String decodeText(int[] ids, boolean stopped) {
        int[] out = stopped ? java.util.Arrays.copyOf(ids, ids.length - 1) : ids;
        return tokenizer.decode(out, true).strip();
    }

    void checkQuestion(String question) {
        if (question == null || question.isBlank()) {
            throw new BadInputException("question: empty");
        }
    }

    static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Override
    public void close() {
        if (ownsQa) {
            qa.close();
        }
    }
}
