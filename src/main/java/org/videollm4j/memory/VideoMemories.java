package org.videollm4j.memory;

import org.videollm4j.pipeline.CompressedQa;
import org.videollm4j.pipeline.SampledVideo;
import org.videollm4j.pipeline.VideoSource;
import org.videollm4j.util.BadInputException;

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

    /** Times a video may change under a run before it gives up (a file still being written). */
    static final int ATTEMPTS = 3;

    /**
     * The memory of {@code video} under {@code sampling}: from the cache when it holds one for the file's
     * current content, else computed (and stored). Never a stale one: the content hash names the entry, and the
     * file must not have changed between hashing it and having the features in hand. After a hit, the file's
     * stamp ({@link FileStamp}: size, mtime, ctime, inode; one stat) must be the one taken before hashing, and
     * a file written within the last 2 s is hashed again (its stamp may be too coarse to show a second write);
     * after a computation, the file is hashed again (its frames must be those of the hashed content). A file
     * that changed is read again from the start, {@link #ATTEMPTS} times at most, then refused.
     *
     * @throws BadInputException when the file keeps changing, or cannot be read
     */
    public static Loaded load(CompressedQa qa, Path video, SampledVideo.Sampling sampling, MemoryCache cache,
                              Consumer<String> progress) {
        if (!cache.enabled()) {
            CompressedQa.Encoded e = qa.encode(video, sampling, progress);
            return new Loaded(VideoMemory.of("", e), e, false);
        }
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Loaded l = loadOnce(qa, video, sampling, cache, progress);
            if (l != null) {
                return l;
            }
            cache.warn("videollm4j: " + video + " changed while it was read; reading it again");
        }
        throw BadInputException.file(video, "changed while it was read, " + ATTEMPTS
                + " times; run again once the file is complete");
    }

    /** One try; null when the file changed under it. */
    private static Loaded loadOnce(CompressedQa qa, Path video, SampledVideo.Sampling sampling, MemoryCache cache,
                                   Consumer<String> progress) {
        progress.accept("hashing " + video.getFileName());
        long t0 = System.nanoTime();
        FileStamp before = FileStamp.of(video);
        MemoryKey key = MemoryKey.of(video, qa.model().dir(), sampling);
        long hashMs = ms(t0);
        progress.accept("loading the cached memory");
        Optional<VideoMemory> hit = cache.load(key);
        if (hit.isPresent()) {
            if (!unchanged(video, before, key, false)) {
                return null;
            }
            Map<String, Long> t = new LinkedHashMap<>();
            t.put("hash", hashMs);
            t.put("cache_load", ms(t0) - hashMs);
            return new Loaded(hit.get(), hit.get().toEncoded(t), true);
        }
        CompressedQa.Encoded e = qa.encode(video, sampling, progress);
        // the file may have been rewritten while it was decoded: then the frames may match neither content
        if (!unchanged(video, before, key, true)) {
            return null;
        }
        VideoMemory m = VideoMemory.of(key.id(), e);
        cache.store(key, m);
        Map<String, Long> t = new LinkedHashMap<>();
        t.put("hash", hashMs);
        t.putAll(e.timingsMs());
        // the fresh encoding (its frames are already thumbnails: CompressedQa.encode streams) keeps serving this run
        return new Loaded(m, new CompressedQa.Encoded(e.video(), e.features(), e.dpSelect(), t), false);
    }

    /** Whether the file still holds the content {@code key} was hashed from (stamp, and the hash where needed). */
    private static boolean unchanged(Path video, FileStamp before, MemoryKey key, boolean rehash) {
        FileStamp now = FileStamp.of(video);
        if (!now.equals(before)) {
            return false;
        }
        return !(rehash || now.recent(FileStamp.nowNs())) || MemoryKey.contentHash(video).equals(key.videoHash());
    }

    /** {@link #load} as a {@link VideoSource} ({@code eval}): the same memory and prefix store as {@code ask}. */
    public static VideoSource source(MemoryCache cache) {
        return (qa, video, sampling, progress) -> {
            Loaded m = load(qa, video, sampling, cache, progress);
            return new VideoSource.Opened(m.encoded(), prefixStore(cache, m), m.cacheHit());
        };
    }

    /** Where the method's video prefix is kept: next to the memory in the cache; null without a cache. */
    public static org.videollm4j.pipeline.MethodRunner.PrefixStore prefixStore(MemoryCache cache, Loaded m) {
        return cache.enabled() && !m.memory().key().isEmpty() ? new KvPrefixStore(cache, m.memory().key()) : null;
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
