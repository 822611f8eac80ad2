package org.videollm4j.pipeline;

import org.videollm4j.compress.FrameSelection;
import org.videollm4j.compress.VisualFeatures;
import org.videollm4j.compress.kv.ChunkedPrefill;
import org.videollm4j.compress.kv.KvPolicy;
import org.videollm4j.compress.kv.KvTrace;
import org.videollm4j.compress.layer.FastV;
import org.videollm4j.compress.layer.LpCompHook;
import org.videollm4j.compress.merge.LongVlmMerger;
import org.videollm4j.compress.merge.MergedVideo;
import org.videollm4j.compress.merge.TokenMetric;
import org.videollm4j.compress.select.DpSelect;
import org.videollm4j.compress.select.DpSelectSelector;
import org.videollm4j.compress.select.QcComp;
import org.videollm4j.compress.select.QcCompPlan;
import org.videollm4j.compress.select.QcCompScorer;
import org.videollm4j.compress.select.UniformSelector;
import org.videollm4j.generate.GenerateOptions;
import org.videollm4j.generate.GenerationResult;
import org.videollm4j.generate.Generator;
import org.videollm4j.model.kv.KvCache;
import org.videollm4j.model.kv.TokenTag;
import org.videollm4j.model.llama.LlamaModel;
import org.videollm4j.model.smolvlm.SmolVlmModel;
import org.videollm4j.prompt.ChatMessage;
import org.videollm4j.prompt.SmolVlmPrompt;
import org.videollm4j.util.StepProgress;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One method on one encoded video ({@link CompressedQa#prepare}). The constructor runs the query-agnostic
 * stages: uniform / DPSelect selection, LongVLM merging, and when the method allows
 * ({@link CompressionConfig#prefixReusable}) the chunked prefill of the video prefix with the KV policy
 * (PivotKV) or layer hook (LP-Comp), marked so every question rolls back to it. {@link #ask} runs the rest:
 * QC-Comp selection, the full-prompt prefill of question-dependent policies (SnapKV, H2O, FastV), decoding.
 */
public final class MethodRunner {
    private final CompressedQa qa;
    private final CompressedQa.Encoded video;
    private final CompressionConfig config;
    private final Map<String, Long> timings = new LinkedHashMap<>();
    private final Map<String, Integer> tokens = new LinkedHashMap<>();
    // query-agnostic state
    private final FrameSelection selection; // null for QC-Comp (chosen per question)
    private final VisualPrompt visual;       // null for QC-Comp
    // reusable prefix (prefixReusable only)
    private final String prefixText;
    private final int[] prefixIds;
    private final KvCache cache;
    private final ChunkedPrefill.Mark mark;
    private final LpCompHook prefixHook;
    private final List<int[]> prefixSteps; // (chunk, visual in, kept at layer 0, pivots dropped) of the prefix's prefill
    private FrameSelection lastSelection;
    // describe first on a reusable prefix without a layer hook: the description is question-independent, so the
    // first question's is kept (in the cache, up to describedMark) for every later one
    private Described described;
    private ChunkedPrefill.Mark describedMark;

    /** A kept description: the style that asked for it, its text, the next position after it, the positions so far, the cache state after the prompt. */
    private record Described(AnswerStyle style, String text, int nextPosition, int promptTokens, Object[] state) {
    }

    /**
     * Where the KV cache of a query-agnostic prefix can be kept between runs (issue 6: encode once, ask many).
     * {@code load} returns null when nothing is stored for these prompt ids and this configuration.
     */
    public interface PrefixStore {
        Prefix load(int[] prefixIds, CompressionConfig config, java.util.function.Supplier<KvCache> newCache);

        void save(int[] prefixIds, CompressionConfig config, Prefix prefix);
    }

    /** A prefilled (and, with PivotKV, compressed) video prefix and the eviction steps that made it. */
    public record Prefix(KvCache cache, List<int[]> steps) {
    }

    MethodRunner(CompressedQa qa, CompressedQa.Encoded video, CompressionConfig config) {
        this(qa, video, config, null, StepProgress.NONE);
    }

    /** @param progress hears the video prefix's prefill, one step per chunk (or its load from the store) */
    MethodRunner(CompressedQa qa, CompressedQa.Encoded video, CompressionConfig config, PrefixStore store,
                 StepProgress progress) {
        this.qa = qa;
        this.video = video;
        this.config = config;
        timings.putAll(video.timingsMs());
        VisualFeatures f = video.features();
        tokens.put("sampled", f.frames() * f.tokensPerFrame());
        long t0 = System.nanoTime();
        selection = switch (config.method()) {
            case UNIFORM -> new UniformSelector(config.frameBudget(f.frames())).select(f);
            case RETAKE -> new DpSelectSelector(config.selectRatio(), DpSelect.Variant.PATCH).select(f);
            case XCOMP -> null;
            default -> CompressedQa.all(f.frames());
        };
        timings.put("select", CompressedQa.ms(t0));
        if (selection == null) {
            visual = null;
        } else {
            tokens.put("selected", selection.kept().length * f.tokensPerFrame());
            visual = visualOf(selection);
        }
        if (config.method() == CompressionConfig.Method.XCOMP) {
            checkQcCompFits(f);
        }
        if (visual != null && visual.merged() != null) {
            tokens.put("merged", visual.merged().totalTokens());
        }
        if (config.prefixReusable()) {
            long t1 = System.nanoTime();
            SmolVlmModel m = qa.model();
            prefixText = visual.prefixText(qa.prompt());
            VisualPrompt.Encoded p = visual.encode(m, qa.tokenizer(), prefixText);
            prefixIds = p.ids();
            prefixHook = qa.lpComp(config);
            checkPrefixFits(p.tags(), prefixHook == null && "none".equals(config.method().kvPolicy()));
            // issue 6: a stored prefix (same video memory, configuration and prompt) replaces the prefill; not
            // with LP-Comp, whose hook also acts on the question
            if (store != null && prefixHook == null) {
                progress.accept("loading the cached video prefix");
            }
            Prefix stored = store == null || prefixHook != null ? null : store.load(prefixIds, config, m::newCache);
            if (stored != null) {
                cache = stored.cache();
                prefixSteps = stored.steps();
                timings.put("prefix_load", CompressedQa.ms(t1));
            } else {
                cache = m.newCache();
                cache.reserve(prefixIds.length + 64);
                KvPolicy policy = qa.policy(config);
                ChunkedPrefill.Result r = new ChunkedPrefill(m.textModel(), policy, prefixHook)
                        .progress("prefill " + prefixIds.length + " tokens", progress)
                        .run(p.embeddings(), p.tags(), selection.hasPivots() ? selection.pivotTokens() : null,
                                config.chunkFrames(), cache);
                prefixSteps = CompressedQa.steps(r.trace());
                timings.put("prefill_video", CompressedQa.ms(t1));
                if (store != null && prefixHook == null) {
                    store.save(prefixIds, config, new Prefix(cache, prefixSteps));
                }
            }
            mark = ChunkedPrefill.mark(cache);
        } else {
            prefixText = null;
            prefixIds = null;
            cache = null;
            mark = null;
            prefixHook = null;
            prefixSteps = List.of();
        }
    }

    private VisualPrompt visualOf(FrameSelection sel) {
        VisualFeatures kept = video.features().select(sel.kept());
        double duration = video.video().durationS();
        if (config.method() != CompressionConfig.Method.LONGVLM) {
            return new VisualPrompt(kept, sel.kept(), null, duration);
        }
        long t0 = System.nanoTime();
        int n = kept.tokensPerFrame(), h = kept.hidden();
        int k = config.segmentFrames(kept.frames());
        TokenMetric metric = h % 16 == 0 ? TokenMetric.channelGroupMeans(16) : TokenMetric.IDENTITY;
        LongVlmMerger.Config mc = new LongVlmMerger.Config(k, LongVlmMerger.halvingTo(k * n, config.mergeTarget(k * n)),
                config.globalTokens(), metric, LongVlmMerger.Order.TEMPORAL);
        MergedVideo merged = new LongVlmMerger(mc).merge(kept);
        timings.put("merge", CompressedQa.ms(t0));
        return new VisualPrompt(null, sel.kept(), merged, duration);
    }

    /** The frame selection of the last answer (its per-frame scores: QC-Comp relevance), for reports; null before. */
    public FrameSelection lastSelection() {
        return lastSelection;
    }

    public CompressionConfig config() {
        return config;
    }

    /** Answers one question; the prepared video prefix is left as it was. */
    public CompressedQa.Answer ask(String question, int maxNewTokens) {
        return ask(question, maxNewTokens, null);
    }

    /**
     * Answers one question, passing each generated token id to {@code onToken} as it comes (null: none). An
     * exception thrown by {@code onToken} (e.g. a cancelled chat answer) ends generation; the prefix is restored.
     */
    public CompressedQa.Answer ask(String question, int maxNewTokens, java.util.function.IntConsumer onToken) {
        return ask(question, maxNewTokens, onToken, StepProgress.NONE);
    }

    /**
     * As {@link #ask(String, int, java.util.function.IntConsumer)}, reporting to {@code progress} the prompt's
     * prefill per chunk where the method prefills the whole prompt per question, then "answering".
     */
    public CompressedQa.Answer ask(String question, int maxNewTokens, java.util.function.IntConsumer onToken,
                                   StepProgress progress) {
        qa.checkQuestion(question);
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("max new tokens must be >= 1, got " + maxNewTokens);
        }
        Map<String, Long> t = new LinkedHashMap<>(timings);
        Map<String, Integer> tok = new LinkedHashMap<>(tokens);
        SmolVlmModel m = qa.model();
        LlamaModel llm = m.textModel();
        AnswerStyle style = qa.answerStyle();
        // describe first: the video goes with the request to describe it; the question comes after the description
        int[] questionTurn = style.describesFirst() ? questionTurn(style, question) : null;
        if (questionTurn != null && containsImage(m, questionTurn)) {
            throw new org.videollm4j.util.BadInputException("question: contains the image placeholder token");
        }
        String firstTurn = questionTurn != null ? style.describeRequest() : question;
        // positions that must follow the first turn's prompt: the question turn, at least 1 description token
        int after = questionTurn != null ? questionTurn.length + 1 : 0;
        long t0 = System.nanoTime();
        FrameSelection sel = selection;
        VisualPrompt vis = visual;
        if (sel == null) { // QC-Comp: the question picks the frames
            sel = qcComp(question);
            vis = visualOf(sel);
            tok.put("selected", sel.kept().length * video.features().tokensPerFrame());
            t.put("qc_comp", CompressedQa.ms(t0));
        }
        lastSelection = sel;
        tok.put("prompt", vis.visualTokens());
        String full = vis.text(qa.prompt(), firstTurn);
        long t1 = System.nanoTime();
        KvCache kv;
        ChunkedPrefill.Result r;
        LpCompHook lp;
        FastV fv = null;
        int promptTokens;
        List<int[]> steps;
        Described kept = questionTurn != null && described != null && described.style().equals(style) ? described : null;
        if (kept != null) {
            checkFits(kept.nextPosition() + questionTurn.length, maxNewTokens);
            kv = cache;
            lp = prefixHook;
            r = null;
            promptTokens = kept.promptTokens();
            steps = prefixSteps;
        } else if (cache != null) {
            if (describedMark != null) { // the answer style changed since it was kept: back to the bare video prefix
                ChunkedPrefill.rollback(cache, mark);
                describedMark = null;
                described = null;
            }
            int[] rest = VisualPrompt.rest(qa.tokenizer(), full, prefixText, prefixIds);
            if (containsImage(m, rest)) {
                throw new org.videollm4j.util.BadInputException("question: contains the image placeholder token");
            }
            int[] tags = new int[rest.length];
            Arrays.fill(tags, TokenTag.TEXT);
            checkFits(cache.nextPosition() + rest.length + after, maxNewTokens);
            kv = cache;
            lp = prefixHook;
            r = new ChunkedPrefill(llm, null, lp).run(m.embed(rest), tags, null, config.chunkFrames(), kv);
            promptTokens = prefixIds.length + rest.length;
            steps = prefixSteps;
        } else {
            VisualPrompt.Encoded p = vis.encode(m, qa.tokenizer(), full);
            if (countImage(m, p.ids()) != vis.visualTokens()) {
                throw new org.videollm4j.util.BadInputException("question: contains the image placeholder token");
            }
            checkFits(p.ids().length + after, maxNewTokens);
            kv = m.newCache();
            kv.reserve(p.ids().length + maxNewTokens + (questionTurn == null ? 0
                    : questionTurn.length + style.describeMaxTokens()));
            lp = qa.lpComp(config);
            fv = qa.fastV(config);
            KvPolicy policy = fv != null ? fv.asPolicy() : qa.policy(config);
            r = new ChunkedPrefill(llm, policy, CompressedQa.hookOf(lp, fv))
                    .progress("prefill " + p.ids().length + " tokens", progress).run(p.embeddings(), p.tags(),
                    sel.hasPivots() ? sel.pivotTokens() : null, config.chunkFrames(), kv);
            promptTokens = p.ids().length;
            steps = CompressedQa.steps(r.trace());
        }
        t.put("prefill", CompressedQa.ms(t1));
        Object[] state = kept != null ? kept.state() : CompressedQa.cacheState(kv);
        int[] visualPerLayer = (int[]) state[0];
        tok.put("kv", visualPerLayer[0]);
        GenerationResult g;
        String transcript = null;
        try {
            float[] logits = r == null ? null : r.lastLogits();
            int next = r == null ? kept.nextPosition() : r.nextPosition();
            if (questionTurn != null) {
                int[] feed = questionTurn;
                if (kept != null) {
                    transcript = kept.text();
                } else {
                    progress.accept("describing");
                    long td = System.nanoTime();
                    int room = qa.beyondContext() ? style.describeMaxTokens()
                            : qa.contextLimit() - next - questionTurn.length - maxNewTokens;
                    GenerationResult d = new Generator(llm, null, lp).decode(kv, logits, next,
                            GenerateOptions.greedy(Math.min(style.describeMaxTokens(), room), qa.stopIds()), null);
                    transcript = qa.decodeText(d.tokens(), d.stopped());
                    // the decoder fed every generated token but the last: a stop token is replaced by the template's
                    // end of turn (the question turn starts with it), any other last token is fed before the turn
                    if (!d.stopped()) {
                        feed = concat(d.tokens()[d.tokens().length - 1], questionTurn);
                    }
                    next += d.tokens().length - 1;
                    promptTokens += d.tokens().length - 1;
                    t.put("describe", CompressedQa.ms(td));
                    // a description that ended by itself does not depend on the question: keep it for the next
                    if (cache != null && prefixHook == null && d.stopped()) {
                        describedMark = ChunkedPrefill.mark(kv);
                        described = new Described(style, transcript, next, promptTokens, state);
                    }
                }
                int[] tags = new int[feed.length];
                Arrays.fill(tags, TokenTag.TEXT);
                ChunkedPrefill.Result q = new ChunkedPrefill(llm, null, lp).run(m.embed(feed), tags, null,
                        config.chunkFrames(), kv);
                logits = q.lastLogits();
                next = q.nextPosition();
                promptTokens += feed.length;
            }
            progress.accept("answering");
            long t2 = System.nanoTime();
            g = new Generator(llm, null, lp).decode(kv, logits, next,
                    GenerateOptions.greedy(maxNewTokens, qa.stopIds()), onToken);
            t.put("generate", CompressedQa.ms(t2));
        } finally {
            if (describedMark != null) {
                ChunkedPrefill.rollback(kv, describedMark);
            } else if (mark != null) {
                ChunkedPrefill.rollback(kv, mark);
            }
        }
        t.put("total", t.values().stream().mapToLong(Long::longValue).sum());
        String answer = qa.decodeText(g.tokens(), g.stopped());
        VisualFeatures f = video.features();
        CompressionTrace trace = new CompressionTrace(config.label(), video.video().timestamps(), sel.kept(),
                keyframes(video.dpSelect()), tok, visualPerLayer, (int[]) state[1], (long[]) state[2], steps,
                (int) state[3], qa.contextLimit(), CompressionTrace.heapPeaks(), t);
        return new CompressedQa.Answer(answer, f.frames(), promptTokens, g.tokens().length, trace, transcript);
    }

    /**
     * The ids that follow a describe-first model's description: its end of turn, then the question as the next
     * user turn and the generation prompt, as the chat template renders that conversation.
     */
    private int[] questionTurn(AnswerStyle style, String question) {
        String placeholder = "@@videollm4j-description@@";
        SmolVlmPrompt p = qa.prompt();
        String text = p.renderTemplate(List.of(ChatMessage.userWithVideo(style.describeRequest()),
                ChatMessage.assistant(placeholder), ChatMessage.user(new ChatMessage.Text(question))), true);
        int at = text.indexOf(placeholder);
        if (at < 0) {
            throw new IllegalStateException("the chat template dropped the assistant's description");
        }
        return qa.tokenizer().encode(text.substring(at + placeholder.length()));
    }

    private static int[] concat(int first, int[] rest) {
        int[] out = new int[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    /**
     * Refuses a video prefix that cannot fit the context whatever the question, before its prefill runs (at 60
     * minutes and 1 fps an uncompressed prefix has ~60k tokens: prefilling it only to refuse the question took
     * minutes). Text tokens are never evicted and each takes a position, so they are a lower bound of the
     * positions after any KV policy or LP-Comp; with neither, every token counts. Skipped when
     * {@link CompressedQa#allowBeyondContext}.
     *
     * @param tags  (prefix tokens) TEXT or a frame index per token
     * @param exact whether nothing evicts or compacts (then the bound is the prefix length)
     */
    private void checkPrefixFits(int[] tags, boolean exact) {
        if (qa.beyondContext()) {
            return;
        }
        int positions = 0;
        for (int tag : tags) {
            positions += exact || tag == TokenTag.TEXT ? 1 : 0;
        }
        int limit = qa.contextLimit();
        if (positions + 1 > limit) {
            throw new org.videollm4j.util.BadInputException("the video prefix alone (" + (exact ? "" : "at least ")
                    + positions + " positions after " + config.method().word() + ", plus 1 to generate) does not fit"
                    + " the model's context of " + limit + " tokens (max_position_embeddings); sample fewer frames"
                    + " (--fps or --frames) or compress more");
        }
    }

    /**
     * xcomp: whatever the question, QC-Comp keeps {@code frameBudget} frames and every token of them takes a
     * position at layer 0 (LP-Comp drops tokens only in later layers), so a budget that cannot fit is refused
     * here, before QC-Comp scores a long video per question. The bound is the prefix with that many uniformly
     * spaced frames, less k times the widest difference in length between two frames' timestamp lines (other
     * frames' lines may tokenise shorter), so it never refuses a selection that would fit. Skipped when
     * {@link CompressedQa#allowBeyondContext}.
     */
    private void checkQcCompFits(VisualFeatures f) {
        if (qa.beyondContext()) {
            return;
        }
        int k = config.frameBudget(f.frames());
        int image = qa.model().config().imageTokenId();
        int spread = spread(textRuns(prefixIds(CompressedQa.all(f.frames()), f), image));
        int[] ids = prefixIds(new UniformSelector(k).select(f), f);
        int positions = ids.length - k * spread;
        int limit = qa.contextLimit();
        if (positions + 1 > limit) {
            throw new org.videollm4j.util.BadInputException("the video prompt alone (at least " + positions
                    + " positions for the " + k + " frames QC-Comp keeps, plus 1 to generate) does not fit the model's"
                    + " context of " + limit + " tokens (max_position_embeddings); keep fewer frames (--select-frames)"
                    + " or sample fewer (--fps or --frames)");
        }
    }

    private int[] prefixIds(FrameSelection sel, VisualFeatures f) {
        VisualPrompt vp = new VisualPrompt(f.select(sel.kept()), sel.kept(), null, video.video().durationS());
        return qa.tokenizer().encode(vp.prefixText(qa.prompt()));
    }

    /** (frames) the text tokens before each frame's run of image tokens (the first run includes the header). */
    static int[] textRuns(int[] ids, int imageId) {
        List<Integer> runs = new java.util.ArrayList<>();
        int text = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != imageId) {
                text++;
            } else if (i == 0 || ids[i - 1] != imageId) {
                runs.add(text);
                text = 0;
            }
        }
        return runs.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Max minus min of the runs after the first (whose length includes the prompt's header); 0 for fewer than 3. */
    static int spread(int[] runs) {
        if (runs.length < 3) {
            return 0;
        }
        int lo = Integer.MAX_VALUE, hi = Integer.MIN_VALUE;
        for (int i = 1; i < runs.length; i++) {
            lo = Math.min(lo, runs[i]);
            hi = Math.max(hi, runs[i]);
        }
        return hi - lo;
    }

    /** Positions past the model's context are refused unless {@link CompressedQa#allowBeyondContext}. */
    private void checkFits(int promptPositions, int newTokens) {
        int limit = qa.contextLimit();
        if (!qa.beyondContext() && promptPositions + newTokens > limit) {
            throw new org.videollm4j.util.BadInputException("the prompt (" + promptPositions + " positions after "
                    + config.method().word() + ", plus " + newTokens + " to generate) does not fit the model's context of "
                    + limit + " tokens (max_position_embeddings); sample fewer frames (--fps or --frames), compress more"
                    + " or ask a shorter question");
        }
    }

    /** QC-Comp over all sampled frames for {@code question}: the text around the video block is the scorer's context. */
    private FrameSelection qcComp(String question) {
        SmolVlmPrompt p = qa.prompt();
        String t = p.renderTemplate(List.of(ChatMessage.userWithVideo(question)), true);
        int at = t.indexOf(SmolVlmPrompt.VIDEO_PLACEHOLDER);
        int[] before = qa.tokenizer().encode(t.substring(0, at));
        int[] after = qa.tokenizer().encode(t.substring(at + SmolVlmPrompt.VIDEO_PLACEHOLDER.length()));
        VisualFeatures f = video.features();
        QcCompScorer scorer = QcCompScorer.of(qa.model(), before, after, 0);
        // AVERAGE: with 1-frame clips, KEEP would spend the budget on the edge frames before any scored one
        return new QcComp(QcCompPlan.Config.defaults(), scorer, config.frameBudget(f.frames()), QcComp.Edges.AVERAGE)
                .select(f);
    }

    private static int[] keyframes(DpSelect.Result dp) {
        return java.util.stream.IntStream.range(0, dp.keyframes().length).filter(i -> dp.keyframes()[i]).toArray();
    }

    private static boolean containsImage(SmolVlmModel m, int[] ids) {
        return countImage(m, ids) > 0;
    }

    private static int countImage(SmolVlmModel m, int[] ids) {
        int c = 0;
        for (int id : ids) {
            c += id == m.config().imageTokenId() ? 1 : 0;
        }
        return c;
    }
}
