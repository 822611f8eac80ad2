package org.videollm4j.memory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.compress.kv.ChunkedPrefill;
import org.videollm4j.pipeline.CompressedQa;
import org.videollm4j.pipeline.CompressionConfig;
import org.videollm4j.pipeline.SampledVideo;
import org.videollm4j.synth.QuestionKind;
import org.videollm4j.synth.SynthOptions;
import org.videollm4j.synth.SynthOutput;
import org.videollm4j.util.StepProgress;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The pipeline reports decoding and encoding per frame and the prefill per chunk, and each stage's steps add up. */
class ProgressStepsTest {
    static final Path MODEL = Path.of("testdata/models/tiny-gqa-f32");

    @TempDir
    static Path dir;
    static CompressedQa qa;
    static Path video;

    /** Stages as heard: name, announced steps, steps reported. */
    static final class Recorder implements StepProgress {
        final List<String> names = new ArrayList<>();
        final List<int[]> counts = new ArrayList<>(); // (announced, reported) per stage

        @Override
        public void stage(String name, int steps) {
            names.add(name);
            counts.add(new int[]{steps, 0});
        }

        @Override
        public void step(int n) {
            counts.getLast()[1] += n;
        }

        int[] of(String prefix) {
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).startsWith(prefix)) {
                    return counts.get(i);
                }
            }
            throw new AssertionError("no stage " + prefix + " in " + names);
        }
    }

    @BeforeAll
    static void setUp() throws Exception {
        SynthOutput.write(SynthOptions.ofSeconds(8).withSize(64, 64).withFps(2), 5, EnumSet.allOf(QuestionKind.class),
                null, dir.resolve("w"), 2, 23, Duration.ofMinutes(2));
        video = dir.resolve("w/video.mp4");
        qa = CompressedQa.load(MODEL);
    }

    @AfterAll
    static void tearDown() {
        qa.close();
    }

    @Test
    void framesAndChunksAreCountedOncePerStage() {
        for (int frames : new int[]{1, 6, 11}) {
            Recorder r = new Recorder();
            VideoMemories.Loaded m = VideoMemories.load(qa, video, SampledVideo.Sampling.count(frames), MemoryCache.disabled(), r);
            assertThat(r.of("decoding video.mp4")).as("decoding %d", frames).containsExactly(frames, frames);
            // frames are encoded in batches inside the decoding loop (StreamingEncoder): one stage counts both
            assertThat(r.names).noneMatch(n -> n.startsWith("encoding"));
            CompressionConfig c = CompressionConfig.preset(CompressionConfig.Method.NONE);
            qa.prepare(m.encoded(), c, null, r);
            int[] prefill = r.of("prefill");
            // the chunks of the video prefix: the text before the video, then groups of chunkFrames frames
            int expected = (frames + c.chunkFrames() - 1) / c.chunkFrames() + 1;
            assertThat(prefill[0]).as("prefill chunks, %d frames", frames).isBetween(expected - 1, expected + 1);
            assertThat(prefill[1]).isEqualTo(prefill[0]);
            assertThat(r.names).noneMatch(n -> n.startsWith("answering"));
        }
    }

    @Test
    void questionDependentMethodsReportTheirPromptPrefillPerChunk() {
        Recorder r = new Recorder();
        VideoMemories.Loaded m = VideoMemories.load(qa, video, SampledVideo.Sampling.count(8), MemoryCache.disabled(), r);
        CompressionConfig c = CompressionConfig.preset(CompressionConfig.Method.SNAPKV);
        qa.prepare(m.encoded(), c, null, r).ask("What colour was the star?", 2, null, r);
        int[] prefill = r.of("prefill");
        assertThat(prefill[0]).isGreaterThanOrEqualTo(3); // text, 2 groups of 4 frames, the question
        assertThat(prefill[1]).isEqualTo(prefill[0]);
        assertThat(r.names.getLast()).isEqualTo("answering");
    }

    @Test
    void aPlainConsumerHearsOnlyStageNames() {
        List<String> heard = new ArrayList<>();
        StepProgress p = StepProgress.of(heard::add);
        p.stage("decoding x", 3);
        p.step(1);
        p.accept("answering");
        assertThat(heard).containsExactly("decoding x", "answering");
        assertThat(StepProgress.of(p)).isSameAs(p);
    }
}
