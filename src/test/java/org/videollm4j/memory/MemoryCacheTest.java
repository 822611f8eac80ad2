package org.videollm4j.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.videollm4j.compress.VisualFeatures;
import org.videollm4j.image.RgbImage;
import org.videollm4j.pipeline.SampledVideo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The on-disk video memory: round trip, keys, corruption, interrupted writes, unwritable folders. */
class MemoryCacheTest {
    @TempDir
    Path dir;

    static VideoMemory memory(long seed, String key) {
        Random r = new Random(seed);
        int frames = 3, tpf = 4, hidden = 5;
        float[] tokens = new float[frames * tpf * hidden]; // (frames, tpf, hidden)
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = (float) r.nextGaussian();
        }
        List<RgbImage> thumbs = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            byte[] px = new byte[6 * 4 * 3];
            r.nextBytes(px);
            thumbs.add(new RgbImage(6, 4, px));
        }
        return new VideoMemory(key, 2.5, new VisualFeatures(tokens, frames, tpf, hidden, new double[]{0, 1, 2}),
                thumbs, Map.of("decode", 7L, "vision", 9L));
    }

    static MemoryKey key(String text) {
        return new MemoryKey(MemoryKey.sha256(text.getBytes()), text);
    }

    private static void assertSame(VideoMemory a, VideoMemory b) {
        assertThat(b.key()).isEqualTo(a.key());
        assertThat(b.durationS()).isEqualTo(a.durationS());
        assertThat(b.features().tokens()).containsExactly(a.features().tokens());
        assertThat(b.features().timestampsS()).containsExactly(a.features().timestampsS());
        assertThat(b.features().tokensPerFrame()).isEqualTo(a.features().tokensPerFrame());
        for (int i = 0; i < a.thumbnails().size(); i++) {
            assertThat(b.thumbnails().get(i).pixels()).containsExactly(a.thumbnails().get(i).pixels());
        }
        assertThat(b.orderedTimings()).isEqualTo(a.orderedTimings());
    }

    @Test
    void storesAndLoadsTheSameMemory() throws IOException {
        List<String> warnings = new ArrayList<>();
        MemoryCache c = MemoryCache.open(dir, warnings::add);
        MemoryKey k = key("a");
        assertThat(c.load(k)).isEmpty();
        VideoMemory m = memory(1, k.id());
        c.store(k, m);
        assertSame(m, c.load(k).orElseThrow());
        assertThat(c.load(key("b"))).isEmpty();
        assertThat(warnings).isEmpty();
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly(k.id() + ".vmem");
        }
    }

    @Test
    void everyCorruptedOrTruncatedEntryIsDiscardedWithAWarning() throws IOException {
        MemoryKey k = key("c");
        MemoryCache c0 = MemoryCache.open(dir, s -> { });
        c0.store(k, memory(2, k.id()));
        byte[] good = Files.readAllBytes(c0.entry(k));
        Random r = new Random(3);
        for (int trial = 0; trial < 72; trial++) {
            byte[] bad = good.clone();
            if (trial < 32) {
                bad[trial] ^= (byte) (1 + r.nextInt(255)); // every header byte
            } else if (trial % 2 == 0) {
                int at = r.nextInt(bad.length);
                bad[at] ^= (byte) (1 + r.nextInt(255)); // one flipped byte anywhere, header included
            } else {
                bad = java.util.Arrays.copyOf(bad, r.nextInt(bad.length)); // a truncated write
            }
            Files.write(c0.entry(k), bad);
            List<String> warnings = new ArrayList<>();
            MemoryCache c = MemoryCache.open(dir, warnings::add);
            assertThat(c.load(k)).as("trial %d", trial).isEmpty();
            assertThat(warnings).singleElement().asString().contains("corrupted").contains(k.id());
            assertThat(c.entry(k)).doesNotExist();
        }
    }

    @Test
    void anEntryOfAnotherKeyIsNotTaken() throws IOException {
        MemoryKey a = key("a"), b = key("b");
        MemoryCache c = MemoryCache.open(dir, s -> { });
        c.store(a, memory(4, a.id()));
        Files.copy(c.entry(a), c.entry(b)); // e.g. a file renamed by hand
        List<String> w = new ArrayList<>();
        assertThat(MemoryCache.open(dir, w::add).load(b)).isEmpty();
        assertThat(w).singleElement().asString().contains("another key");
    }

    @Test
    void anInterruptedWriteLeavesNoEntryAndItsTemporaryIsCleanedNextRun() throws Exception {
        MemoryKey k = key("i");
        List<String> w = new ArrayList<>();
        MemoryCache c = MemoryCache.open(dir, w::add);
        c.beforeRename(() -> {
            throw new IllegalStateException("interrupted");
        });
        c.store(k, memory(5, k.id()));
        assertThat(c.entry(k)).doesNotExist();
        assertThat(c.load(k)).isEmpty();
        assertThat(w).singleElement().asString().contains("could not write");
        // a process killed between write and rename leaves its temporary: a dead pid's temporaries go on open
        Path dead = dir.resolve("." + k.id() + "." + deadPid() + ".123.tmp");
        Path live = dir.resolve("." + k.id() + "." + ProcessHandle.current().pid() + ".456.tmp");
        Files.write(dead, new byte[]{1, 2, 3});
        Files.write(live, new byte[]{1, 2, 3});
        MemoryCache c2 = MemoryCache.open(dir, s -> { });
        assertThat(dead).doesNotExist();
        assertThat(live).exists(); // another run may still be writing it
        assertThat(c2.load(k)).isEmpty();
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void anUnwritableFolderDisablesTheCacheWithOneLine() throws IOException {
        Path ro = dir.resolve("ro");
        Files.createDirectory(ro);
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            List<String> w = new ArrayList<>();
            MemoryCache c = MemoryCache.open(ro.resolve("sub"), w::add);
            // root ignores permissions: then the folder is writable and the cache is on
            if (Files.isWritable(ro)) {
                assertThat(c.enabled()).isTrue();
            } else {
                assertThat(c.enabled()).isFalse();
                assertThat(w).singleElement().asString().contains("not writable").contains("without the cache");
            }
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        // a regular file where the folder should be fails for everyone, root included
        Path file = dir.resolve("file");
        Files.writeString(file, "x");
        List<String> w = new ArrayList<>();
        MemoryCache c = MemoryCache.open(file, w::add);
        assertThat(c.enabled()).isFalse();
        assertThat(w).singleElement().asString().contains(file.toString()).contains("not writable");
        MemoryKey k = key("u");
        c.store(k, memory(6, k.id()));
        assertThat(c.load(k)).isEmpty();
    }

    @Test
    void theKeyFollowsContentModelAndSampling() throws IOException {
        Path model = dir.resolve("model");
        Files.createDirectory(model);
        Files.writeString(model.resolve("config.json"), "{\"a\":1}");
        Path v = dir.resolve("v.bin");
        Files.write(v, new byte[]{1, 2, 3, 4});
        var s = SampledVideo.Sampling.byFps(1, 64);
        MemoryKey k0 = MemoryKey.of(v, model, s);
        assertThat(MemoryKey.of(v, model, s)).isEqualTo(k0);
        Files.write(v, new byte[]{1, 2, 3, 5}); // same size, content changed
        MemoryKey k1 = MemoryKey.of(v, model, s);
        assertThat(k1.id()).isNotEqualTo(k0.id());
        assertThat(MemoryKey.of(v, model, SampledVideo.Sampling.byFps(2, 64)).id()).isNotEqualTo(k1.id());
        assertThat(MemoryKey.of(v, model, SampledVideo.Sampling.count(8)).id()).isNotEqualTo(k1.id());
        Files.writeString(model.resolve("config.json"), "{\"a\":2}");
        assertThat(MemoryKey.of(v, model, s).id()).isNotEqualTo(k1.id());
        assertThat(k0.description()).contains("video sha256 ");
        assertThat(k1.videoHash()).isEqualTo(MemoryKey.contentHash(v)).hasSize(64);
        assertThatThrownBy(() -> MemoryKey.of(dir.resolve("missing.mp4"), model, s))
                .hasMessageContaining("missing.mp4").hasMessageContaining("not found");
    }

    @Test
    void disabledCacheStoresNothing() {
        MemoryCache c = MemoryCache.disabled();
        MemoryKey k = key("d");
        c.store(k, memory(7, k.id()));
        assertThat(c.load(k)).isEqualTo(Optional.empty());
        assertThat(c.enabled()).isFalse();
    }
}
