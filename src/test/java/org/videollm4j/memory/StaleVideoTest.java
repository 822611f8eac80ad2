package org.videollm4j.memory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.pipeline.CompressedQa;
import org.videollm4j.pipeline.SampledVideo;
import org.videollm4j.synth.QuestionKind;
import org.videollm4j.synth.SynthOptions;
import org.videollm4j.synth.SynthOutput;
import org.videollm4j.util.BadInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A video that changes while a run reads it never gives a stale memory: not between hashing it and loading its
 * cached memory, not while it is decoded; a file that keeps changing is refused. The file is rewritten in place
 * (as an editor or a copy does) at the moment the pipeline reports a stage.
 */
class StaleVideoTest {
    static final Path MODEL = Path.of("testdata/models/tiny-gqa-f32");
    static final SampledVideo.Sampling SAMPLING = SampledVideo.Sampling.count(4);

    @TempDir
    static Path dir;
    static CompressedQa qa;
    static Path a;
    static Path b;
    static float[] featuresA;
    static float[] featuresB;

    @BeforeAll
    static void setUp() throws Exception {
        for (String w : List.of("a", "b")) {
            SynthOutput.write(SynthOptions.ofSeconds(4).withSize(64, 64).withFps(2), w.equals("a") ? 31 : 32,
                    EnumSet.allOf(QuestionKind.class), null, dir.resolve(w), 2, 23, Duration.ofMinutes(2));
        }
        a = dir.resolve("a/video.mp4");
        b = dir.resolve("b/video.mp4");
        qa = CompressedQa.load(MODEL);
        featuresA = qa.encode(a, SAMPLING, s -> { }).features().tokens();
        featuresB = qa.encode(b, SAMPLING, s -> { }).features().tokens();
        assertThat(featuresB).isNotEqualTo(featuresA);
    }

    @AfterAll
    static void tearDown() {
        qa.close();
    }

    /** Copies {@code from} over {@code to} in place, the first {@code times} times a stage starting with {@code stage} is reported. */
    static Consumer<String> rewriteAt(String stage, Path to, int times, Path... from) {
        int[] n = {0};
        return s -> {
            if (s.startsWith(stage) && n[0] < times) {
                copy(from[n[0] % from.length], to);
                n[0]++;
            }
        };
    }

    static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void fileReplacedBetweenTheHashAndTheLoadIsReadAgain() throws IOException {
        Path cacheDir = dir.resolve("c1");
        Path v = dir.resolve("v1.mp4");
        copy(a, v);
        List<String> warnings = new ArrayList<>();
        MemoryCache cache = MemoryCache.open(cacheDir, warnings::add);
        assertThat(VideoMemories.load(qa, v, SAMPLING, cache, s -> { }).cacheHit()).isFalse(); // A is now cached
        // A's entry is found under the hash taken before the file became B
        VideoMemories.Loaded m = VideoMemories.load(qa, v, SAMPLING, cache, rewriteAt("loading the cached memory", v, 1, b));
        assertThat(m.cacheHit()).isFalse();
        assertThat(m.encoded().features().tokens()).isEqualTo(featuresB);
        assertThat(m.memory().key()).isEqualTo(MemoryKey.of(b, MODEL, SAMPLING).id());
        assertThat(warnings).anyMatch(w -> w.contains("v1.mp4") && w.contains("changed while it was read"));
        VideoMemories.Loaded again = VideoMemories.load(qa, v, SAMPLING, cache, s -> { });
        assertThat(again.cacheHit()).isTrue();
        assertThat(again.encoded().features().tokens()).isEqualTo(featuresB);
    }

    @Test
    void fileReplacedWhileDecodedIsReadAgainAndOnlyItsNewContentIsCached() throws IOException {
        Path cacheDir = dir.resolve("c2");
        Path v = dir.resolve("v2.mp4");
        copy(a, v);
        MemoryCache cache = MemoryCache.open(cacheDir, s -> { });
        VideoMemories.Loaded m = VideoMemories.load(qa, v, SAMPLING, cache, rewriteAt("decoding", v, 1, b));
        assertThat(m.cacheHit()).isFalse();
        assertThat(m.encoded().features().tokens()).isEqualTo(featuresB);
        // the memory, and any method prefix stored beside it, are keyed by B's content, not A's
        assertThat(m.memory().key()).isEqualTo(MemoryKey.of(b, MODEL, SAMPLING).id());
        assertThat(cache.load(MemoryKey.of(a, MODEL, SAMPLING))).isEmpty();
        assertThat(cache.load(MemoryKey.of(b, MODEL, SAMPLING))).isPresent();
    }

    @Test
    void fileThatKeepsChangingIsRefusedWithOneClearError() throws IOException {
        Path v = dir.resolve("v3.mp4");
        copy(a, v);
        MemoryCache cache = MemoryCache.open(dir.resolve("c3"), s -> { });
        assertThatThrownBy(() -> VideoMemories.load(qa, v, SAMPLING, cache,
                rewriteAt("decoding", v, VideoMemories.ATTEMPTS, b, a)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("v3.mp4").hasMessageContaining("changed while it was read");
        try (var files = Files.list(dir.resolve("c3"))) {
            assertThat(files.filter(f -> f.toString().endsWith(MemoryCache.SUFFIX))).isEmpty();
        }
    }

    @Test
    void stampSeesInPlaceRewritesRenamesAndTouches() throws Exception {
        Path f = dir.resolve("stamp.bin");
        Files.write(f, new byte[]{1, 2, 3});
        FileStamp s0 = FileStamp.of(f);
        assertThat(FileStamp.of(f)).isEqualTo(s0);
        assertThat(s0.recent(FileStamp.nowNs())).isTrue();
        assertThat(s0.recent(FileStamp.nowNs() + 3 * FileStamp.RECENT_NS)).isFalse();
        Files.write(f, new byte[]{1, 2, 3, 4});
        assertThat(FileStamp.of(f)).isNotEqualTo(s0); // size
        FileStamp s1 = FileStamp.of(f);
        Path g = dir.resolve("stamp2.bin");
        Files.write(g, new byte[]{1, 2, 3, 4});
        Files.setLastModifiedTime(g, Files.getLastModifiedTime(f));
        Files.move(g, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertThat(FileStamp.of(f)).isNotEqualTo(s1); // same size and mtime, another file
    }
}
