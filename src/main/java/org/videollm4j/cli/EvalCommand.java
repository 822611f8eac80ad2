package org.videollm4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.videollm4j.memory.VideoMemories;
import org.videollm4j.pipeline.CompressedQa;
import org.videollm4j.pipeline.CompressionConfig;
import org.videollm4j.pipeline.EvalSet;
import org.videollm4j.pipeline.MethodRunner;
import org.videollm4j.pipeline.VideoSource;
import org.videollm4j.synth.QuestionKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code videollm4j eval}: every question of each set through {@code ask}'s steps (the video memory computed once
 * per video or taken from the cache, then the method's prefix, then each question); accuracy per kind and overall.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Run every question of each evaluation set (synth folders) through ask and report accuracy per kind and overall.")
public final class EvalCommand implements Callable<Integer> {

    @Mixin
    ModelOption model = new ModelOption();

    @Option(names = "--set", required = true, paramLabel = "DIR",
            description = "A synth folder (video.mp4 + questions.jsonl) or a folder of them; repeatable.")
    List<Path> sets;

    @Option(names = "--kinds", paramLabel = "K,K", description = "Only these question kinds (needle, attribute, order, count).")
    String kinds;

    @Mixin
    SamplingOptions sampling = new SamplingOptions();

    @Option(names = "--max-new-tokens", defaultValue = "16", paramLabel = "N", description = "Longest answer (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--json", description = "Print JSON: per set and overall accuracy by kind, and every question's result.")
    boolean json;

    @Mixin
    CompressionOptions compression = new CompressionOptions();

    @Mixin
    AnswerStyleOption answerStyle = new AnswerStyleOption();

    @Option(names = "--out", paramLabel = "DIR", description = "Write results.json, results.md and heatmap.html here (runs the compression harness).")
    Path out;

    @Mixin
    MemoryOptions memory = new MemoryOptions();

    @Option(names = "--beyond-context", description = "Let prompts run past the model's context (RoPE extrapolation) instead of counting them as errors.")
    boolean beyondContext;

    /** correct / total counts. */
    static final class Score {
        int correct;
        int total;

        void add(boolean ok) {
            total++;
            correct += ok ? 1 : 0;
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("correct", correct);
            m.put("total", total);
            m.put("accuracy", total == 0 ? 0.0 : (double) correct / total);
            return m;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%.1f%% (%d/%d)", total == 0 ? 0 : 100.0 * correct / total, correct, total);
        }
    }

    @Override
    public Integer call() throws Exception {
        Set<QuestionKind> only = null;
        if (kinds != null) {
            try {
                only = QuestionKind.parseList(kinds);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--kinds: " + e.getMessage());
            }
        }
        var s = sampling.toSampling();
        UsageException.requireAtLeast("--max-new-tokens", 1, maxNewTokens);
        Path modelDir = model.dir();
        List<EvalSet> read = new ArrayList<>();
        for (Path p : sets) {
            read.add(EvalSet.read(p));
        }
        if (out != null || compression.method != null) {
            return new EvalMethodsRun(compression.configs(true), s, maxNewTokens, only, out, beyondContext, json,
                    answerStyle)
                    .run(modelDir, read, VideoMemories.source(memory.open()));
        }
        CompressionConfig config = compression.configs(true).getFirst(); // method none: what ask runs by default
        VideoSource source = VideoMemories.source(memory.open());
        Progress progress = new Progress("eval");
        Score all = new Score();
        Map<String, Score> allKinds = new TreeMap<>();
        List<Map<String, Object>> setsJson = new ArrayList<>();
        try (CompressedQa qa = answerStyle.apply(CompressedQa.load(modelDir))) {
            for (EvalSet set : read) {
                Score overall = new Score();
                Map<String, Score> byKind = new TreeMap<>();
                List<Map<String, Object>> results = new ArrayList<>();
                int w = 0;
                for (EvalSet.World world : set.worlds()) {
                    w++;
                    List<EvalSet.Item> items = new ArrayList<>();
                    for (EvalSet.Item it : world.questions()) {
                        if (only == null || only.stream().anyMatch(k -> k.word().equals(it.kind()))) {
                            items.add(it);
                        }
                    }
                    if (items.isEmpty()) {
                        continue;
                    }
                    // the question-independent work once per video, as ask does it (and from ask's cache)
                    VideoSource.Opened v = source.open(qa, world.video(), s, x -> { });
                    MethodRunner runner;
                    try {
                        runner = qa.prepare(v.encoded(), config, v.prefixes());
                    } catch (CompressionConfig.Invalid e) {
                        throw new UsageException(e.getMessage());
                    }
                    for (EvalSet.Item it : items) {
                        CompressedQa.Answer a = runner.ask(it.question(), maxNewTokens);
                        boolean ok = EvalSet.matches(it.answer(), a.answer());
                        overall.add(ok);
                        all.add(ok);
                        byKind.computeIfAbsent(it.kind(), k -> new Score()).add(ok);
                        allKinds.computeIfAbsent(it.kind(), k -> new Score()).add(ok);
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("video", world.video().toString());
                        r.put("kind", it.kind());
                        r.put("question", it.question());
                        r.put("expected", it.answer());
                        r.put("answer", a.answer());
                        r.put("correct", ok);
                        r.put("frames_sampled", a.framesSampled());
                        r.put("prompt_tokens", a.promptTokens());
                        r.put("cache_hit", v.cacheHit());
                        if (a.transcript() != null) {
                            r.put("description", a.transcript());
                        }
                        results.add(r);
                    }
                    int n = set.worlds().size();
                    if (w == n || w % Math.max(1, n / 10) == 0) {
                        progress.accept(set.dir() + ": " + w + "/" + n + " videos, " + overall);
                    }
                }
                if (!json) {
                    System.out.println(set.dir() + ": overall " + overall + kindsLine(byKind));
                }
                Map<String, Object> sj = new LinkedHashMap<>();
                sj.put("set", set.dir().toString());
                sj.put("overall", overall.json());
                sj.put("by_kind", kindsJson(byKind));
                sj.put("questions", results);
                setsJson.add(sj);
            }
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model", modelDir.toString());
            out.put("overall", all.json());
            out.put("by_kind", kindsJson(allKinds));
            out.put("sets", setsJson);
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
        } else if (read.size() > 1) {
            System.out.println("all sets: overall " + all + kindsLine(allKinds));
        }
        return 0;
    }

    private static String kindsLine(Map<String, Score> byKind) {
        StringBuilder sb = new StringBuilder();
        byKind.forEach((k, v) -> sb.append("; ").append(k).append(' ').append(v));
        return sb.toString();
    }

    private static Map<String, Object> kindsJson(Map<String, Score> byKind) {
        Map<String, Object> m = new LinkedHashMap<>();
        byKind.forEach((k, v) -> m.put(k, v.json()));
        return m;
    }
}
