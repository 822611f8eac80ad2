package org.videollm4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.videollm4j.pipeline.CompressedQa;
import org.videollm4j.pipeline.CompressionConfig;
import org.videollm4j.pipeline.EvalHarness;
import org.videollm4j.pipeline.EvalReport;
import org.videollm4j.pipeline.EvalSet;
import org.videollm4j.pipeline.SampledVideo;
import org.videollm4j.pipeline.VideoSource;
import org.videollm4j.synth.QuestionKind;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code eval --method a,b --kv-budget x,y --out DIR}: the compression harness behind {@link EvalCommand}. */
record EvalMethodsRun(List<CompressionConfig> configs, SampledVideo.Sampling sampling, int maxNewTokens,
                      Set<QuestionKind> kinds, Path out, boolean beyondContext, boolean json,
                      AnswerStyleOption answerStyle) {

    int run(Path model, List<EvalSet> sets, VideoSource source) throws Exception {
        Set<String> words = kinds == null ? null : kinds.stream().map(QuestionKind::word).collect(Collectors.toSet());
        Progress progress = new Progress("eval");
        List<EvalHarness.QuestionResult> results;
        boolean describeFirst;
        try (CompressedQa qa = answerStyle.apply(CompressedQa.load(model))) {
            qa.allowBeyondContext(beyondContext);
            describeFirst = qa.answerStyle().describesFirst();
            try {
                results = EvalHarness.run(qa, sets, new EvalHarness.Options(configs, sampling, maxNewTokens, words), source,
                        progress);
            } catch (CompressionConfig.Invalid e) {
                throw new UsageException(e.getMessage());
            }
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("model", model.toString());
        header.put("sampling", sampling.count() > 0 ? sampling.count() + " frames" : sampling.fps() + " fps (at most "
                + sampling.maxFrames() + " frames)");
        header.put("methods", configs.stream().map(CompressionConfig::label).toList());
        header.put("sets", sets.stream().map(s -> s.dir().toString()).toList());
        header.put("beyond_context", beyondContext);
        header.put("describe_first", describeFirst);
        if (out != null) {
            EvalReport.write(out, header, results);
        }
        List<EvalReport.Row> rows = EvalReport.rows(results);
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>(header);
            j.put("rows", rows.stream().map(EvalReport::rowJson).toList());
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(j));
        } else {
            System.out.print(EvalReport.markdown(header, rows));
            if (out != null) {
                System.out.println("\nwrote " + out.resolve("results.json") + ", results.md, heatmap.html");
            }
        }
        return 0;
    }
}
