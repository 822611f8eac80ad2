package org.videollm4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.videollm4j.pipeline.CompressedQa;
import org.videollm4j.pipeline.CompressionConfig;
import org.videollm4j.pipeline.SampledVideo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code videollm4j ask VIDEO "QUESTION"}: answers a question about a video. */
@Command(name = "ask", mixinStandardHelpOptions = true,
        description = "Answer a question about a video: decode, sample, encode, prompt, generate.")
public final class AskCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "VIDEO", description = "The video file.")
    Path video;

    @Parameters(index = "1", paramLabel = "QUESTION", description = "The question, in quotes.")
    String question;

    @Mixin
    ModelOption model = new ModelOption();

    @Mixin
    SamplingOptions sampling = new SamplingOptions();

    @Option(names = "--max-new-tokens", defaultValue = "48", paramLabel = "N", description = "Longest answer in tokens (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--json", description = "Print a JSON object: answer, frames_sampled, visual_tokens, prompt_tokens, timings_ms, method, trace"
            + " (and the model's description of the video when it describes first).")
    boolean json;

    @Mixin
    CompressionOptions compression = new CompressionOptions();

    @Mixin
    AnswerStyleOption answerStyle = new AnswerStyleOption();

    // --- issue 6: video-memory cache and HTML report (AskRun does the work) ---
    @Mixin
    MemoryOptions memory = new MemoryOptions();

    @Option(names = "--report", paramLabel = "FILE.html", description = "Also write a self-contained HTML report: timeline, selection, tokens, KV cache, timings.")
    Path report;

    @Override
    public Integer call() throws Exception {
        SampledVideo.Sampling s = sampling.toSampling();
        UsageException.requireAtLeast("--max-new-tokens", 1, maxNewTokens);
        if (question.isBlank()) {
            throw new UsageException("QUESTION is empty");
        }
        CompressionConfig config = compression.single();
        try (StageBars progress = StageBars.forStderr("ask", json); CompressedQa qa = CompressedQa.load(model.dir())) {
            answerStyle.apply(qa);
            AskRun.Result r;
            try {
                r = AskRun.run(qa, video, s, config, question, maxNewTokens, memory.open(), report, progress);
            } catch (CompressionConfig.Invalid e) {
                throw new UsageException(e.getMessage());
            }
            progress.close(); // bars end before the answer is printed
            CompressedQa.Answer a = r.answer();
            if (json) {
                Map<String, Object> m = toJson(a);
                m.put("cache_hit", r.cacheHit());
                System.out.println(new ObjectMapper().writeValueAsString(m));
            } else {
                System.out.println(a.answer());
            }
        }
        return 0;
    }

    static Map<String, Object> toJson(CompressedQa.Answer a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("answer", a.answer());
        m.put("frames_sampled", a.framesSampled());
        m.put("visual_tokens", a.visualTokens());
        m.put("prompt_tokens", a.promptTokens());
        m.put("generated_tokens", a.generatedTokens());
        if (a.transcript() != null) {
            m.put("description", a.transcript());
        }
        m.put("timings_ms", a.trace().timingsMs());
        m.put("method", a.trace().method());
        m.put("trace", a.trace().toJson());
        return m;
    }
}
