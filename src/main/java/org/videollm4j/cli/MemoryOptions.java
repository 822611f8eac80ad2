package org.videollm4j.cli;

import org.videollm4j.memory.MemoryCache;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The video-memory cache flags of {@code ask} and {@code chat} (a picocli mixin). */
public final class MemoryOptions {
    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where encoded videos are kept between runs (default: $XDG_CACHE_HOME/videollm4j or ~/.cache/videollm4j).")
    Path cacheDir;

    @Option(names = "--no-cache", description = "Neither read nor write the video-memory cache.")
    boolean noCache;

    /** The cache these flags select; an unwritable folder gives one line on stderr and no cache. */
    public MemoryCache open() {
        if (noCache) {
            return MemoryCache.disabled();
        }
        return MemoryCache.open(cacheDir != null ? cacheDir : MemoryCache.defaultDir(), System.err::println);
    }
}
