package org.videollm4j.memory;

import org.videollm4j.pipeline.CompressedQa;
import org.videollm4j.pipeline.SampledVideo;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Gets the memory of a video: from the cache when an entry for the same content, model and sampling exists. */
public final class VideoMemories {
    private VideoMemories() {
    }

    /**
     * A video's memory, ready for {@link CompressedQa#prepare}.
     *
     * @param encoded  what every method starts from; its timings are the computation's or the cache load's
     * @param cacheHit whether it came from the cache
     */
    public record Loaded(VideoMemory memory, CompressedQa.Encoded encoded, boolean cacheHit) {
    }

    public static Loaded load(CompressedQa qa, Path video, SampledVideo.Sampling sampling, MemoryCache cache,
                              Consumer<String> progress) {
        MemoryKey key = null;
        long hashMs = 0;
        if (cache.enabled()) {
            progress.accept("hashing " + video.getFileName());
            long t0 = System.nanoTime();
            key = MemoryKey.of(video, qa.model().dir(), sampling);
            hashMs = ms(t0);
            Optional<VideoMemory> hit = cache.load(key);
            if (hit.isPresent()) {
                Map<String, Long> t = new LinkedHashMap<>();
                t.put("hash", hashMs);
                t.put("cache_load", ms(t0) - hashMs);
                return new Loaded(hit.get(), hit.get().toEncoded(t), true);
            }
        }
        progress.accept("decoding " + video.getFileName());
        CompressedQa.Encoded e = qa.encode(video, sampling, progress);
        VideoMemory m = VideoMemory.of(key == null ? "" : key.id(), e);
        if (key != null) {
            // the file may have been replaced while it was decoded: then the frames match neither hash
            if (MemoryKey.contentHash(video).equals(key.videoHash())) {
                cache.store(key, m);
            } else {
                cache.warn("videollm4j: " + video + " changed while it was read; its memory is not cached");
            }
        }
        if (key != null) {
            Map<String, Long> t = new LinkedHashMap<>();
            t.put("hash", hashMs);
            t.putAll(e.timingsMs());
            e = new CompressedQa.Encoded(e.video(), e.features(), e.dpSelect(), t);
        }
        // the fresh encoding (its frames are already thumbnails: CompressedQa.encode streams) keeps serving this run
        return new Loaded(m, e, false);
    }

    /** Where the method's video prefix is kept: next to the memory in the cache; null without a cache. */
    public static org.videollm4j.pipeline.MethodRunner.PrefixStore prefixStore(MemoryCache cache, Loaded m) {
        return cache.enabled() && !m.memory().key().isEmpty() ? new KvPrefixStore(cache, m.memory().key()) : null;
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
