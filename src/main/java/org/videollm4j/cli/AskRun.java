package org.videollm4j.cli;

import org.videollm4j.memory.MemoryCache;
import org.videollm4j.memory.VideoMemories;
import org.videollm4j.pipeline.CompressedQa;
import org.videollm4j.pipeline.CompressionConfig;
import org.videollm4j.pipeline.CompressionTrace;
import org.videollm4j.pipeline.MethodRunner;
import org.videollm4j.pipeline.SampledVideo;
import org.videollm4j.report.HtmlReport;
import org.videollm4j.report.ReportData;
import org.videollm4j.util.StepProgress;

import java.nio.file.Path;
import java.util.function.Consumer;

/** One {@code ask}: the video memory (cached or computed), the method, the answer, and the optional report. */
final class AskRun {
    record Result(CompressedQa.Answer answer, boolean cacheHit) {
    }

    private AskRun() {
    }

    static Result run(CompressedQa qa, Path video, SampledVideo.Sampling sampling, CompressionConfig config,
                      String question, int maxNewTokens, MemoryCache cache, Path report, Consumer<String> progress) {
        CompressionTrace.resetHeapPeaks();
        VideoMemories.Loaded mem = VideoMemories.load(qa, video, sampling, cache, progress);
        StepProgress steps = StepProgress.of(progress);
        steps.accept("selection");
        MethodRunner runner = qa.prepare(mem.encoded(), config, VideoMemories.prefixStore(cache, mem), steps);
        steps.accept("question");
        CompressedQa.Answer a = runner.ask(question, maxNewTokens, null, steps);
        if (report != null) {
            HtmlReport.write(new ReportData(video.getFileName().toString(), qa.model().dir().getFileName().toString(),
                    question, a.answer(), mem.memory().durationS(), mem.memory().thumbnails(), runner.lastSelection(),
                    a.trace(), mem.cacheHit(), mem.memory().orderedTimings(), a.transcript()), report);
        }
        return new Result(a, mem.cacheHit());
    }
}
