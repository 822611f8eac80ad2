package org.videollm4j.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.videollm4j.util.BadInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs evaluation sets under several compression configurations: each video is decoded and encoded once
 * (or its memory taken from the cache, {@link VideoSource}), then prepared per configuration (the query-agnostic stages once), then every question is asked. A
 * question whose prompt does not fit the model's context under a method counts as wrong, with the reason
 * kept. {@link EvalReport} aggregates and writes the tables and the heatmap.
 */
public final class EvalHarness {
    /**
     * @param kinds only these question kinds (words), or null for all
     */
    public record Options(List<CompressionConfig> configs, SampledVideo.Sampling sampling, int maxNewTokens,
                          Set<String> kinds) {
        public Options {
            configs = List.copyOf(configs);
            if (configs.isEmpty()) {
                throw new IllegalArgumentException("no configuration to evaluate");
            }
        }
    }

    /**
     * One question under one configuration.
     *
     * @param needleDepth where the needle sits, 0..1 (NaN for other kinds)
     * @param videoS      the video's duration in seconds
     * @param visualTokens   visual tokens in the prompt (after selection and merging)
     * @param kvVisualTokens visual entries of layer 0's KV cache at the end of prefill (after eviction)
     * @param timeMs      the answer's total time as if asked alone (decode, encode, prefill, generate)
     * @param error       why there is no answer (e.g. the prompt does not fit), or null
     */
    public record QuestionResult(String set, String video, String method, String kind, String question,
                                 String expected, String answer, boolean correct, double needleDepth, double videoS,
                                 int framesSampled, int visualTokens, int kvVisualTokens, long kvBytes, long timeMs, String error) {
    }

    private EvalHarness() {
    }

    /** As {@link #run(CompressedQa, List, Options, VideoSource, Consumer)}, encoding every video afresh. */
    public static List<QuestionResult> run(CompressedQa qa, List<EvalSet> sets, Options o, Consumer<String> progress) {
        return run(qa, sets, o, VideoSource.computed(), progress);
    }

    /** Every chosen question of every set under every configuration; each video is opened once through {@code source}. */
    public static List<QuestionResult> run(CompressedQa qa, List<EvalSet> sets, Options o, VideoSource source,
                                           Consumer<String> progress) {
        List<QuestionResult> out = new ArrayList<>();
        for (EvalSet set : sets) {
            String setName = set.dir().getFileName() == null ? set.dir().toString() : set.dir().getFileName().toString();
            int w = 0;
            for (EvalSet.World world : set.worlds()) {
                w++;
                List<EvalSet.Item> items = world.questions();
                double[] depths = needleDepths(world);
                List<Integer> chosen = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    if (o.kinds() == null || o.kinds().contains(items.get(i).kind())) {
                        chosen.add(i);
                    }
                }
                if (chosen.isEmpty()) {
                    continue;
                }
                CompressionTrace.resetHeapPeaks();
                VideoSource.Opened v = source.open(qa, world.video(), o.sampling(), x -> { });
                CompressedQa.Encoded enc = v.encoded();
                for (CompressionConfig c : o.configs()) {
                    MethodRunner runner;
                    try {
                        runner = qa.prepare(enc, c, v.prefixes());
                    } catch (BadInputException e) { // the video prefix cannot fit: every question fails alike
                        for (int i : chosen) {
                            out.add(failed(c.label(), setName, world, items.get(i), depths[i], enc, e.getMessage()));
                        }
                        continue;
                    }
                    for (int i : chosen) {
                        EvalSet.Item it = items.get(i);
                        out.add(one(runner, setName, world, it, depths[i], enc, o.maxNewTokens()));
                    }
                }
                progress.accept(setName + ": " + w + "/" + set.worlds().size() + " videos");
            }
        }
        return out;
    }

    private static QuestionResult one(MethodRunner runner, String set, EvalSet.World world, EvalSet.Item it,
                                      double depth, CompressedQa.Encoded enc, int maxNew) {
        String label = runner.config().label();
        double videoS = enc.video().durationS();
        int frames = enc.features().frames();
        try {
            CompressedQa.Answer a = runner.ask(it.question(), maxNew);
            return new QuestionResult(set, world.video().toString(), label, it.kind(), it.question(), it.answer(),
                    a.answer(), EvalSet.matches(it.answer(), a.answer()), depth, videoS, frames, a.visualTokens(),
                    a.trace().visualTokens().getOrDefault("kv", 0),
                    a.trace().kvBytes(), a.trace().timingsMs().getOrDefault("total", 0L), null);
        } catch (BadInputException e) {
            return failed(label, set, world, it, depth, enc, e.getMessage());
        }
    }

    private static QuestionResult failed(String label, String set, EvalSet.World world, EvalSet.Item it,
                                         double depth, CompressedQa.Encoded enc, String error) {
        return new QuestionResult(set, world.video().toString(), label, it.kind(), it.question(), it.answer(),
                "", false, depth, enc.video().durationS(), enc.features().frames(), 0, 0, 0, 0, error);
    }

    /** needle_depth of each non-blank line of the world's questions.jsonl (NaN where absent), aligned with EvalSet. */
    static double[] needleDepths(EvalSet.World world) {
        Path q = world.dir().resolve(EvalSet.QUESTIONS);
        List<Double> out = new ArrayList<>();
        ObjectMapper om = new ObjectMapper();
        try {
            for (String l : Files.readAllLines(q, StandardCharsets.UTF_8)) {
                if (l.isBlank()) {
                    continue;
                }
                JsonNode n = om.readTree(l);
                out.add(n.hasNonNull("needle_depth") ? n.get("needle_depth").asDouble() : Double.NaN);
            }
        } catch (IOException e) {
            throw BadInputException.file(q, "not readable JSON lines: " + e.getMessage(), e);
        }
        if (out.size() != world.questions().size()) {
            throw BadInputException.file(q, "changed while reading");
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
