package org.videollm4j.pipeline;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Where the question-independent encoding of a video comes from: computed on every call, or kept in the
 * video-memory cache ({@code org.videollm4j.memory.VideoMemories#source}). {@code eval} asks through one so
 * that its answers go through the same steps as {@code ask}'s, cache included.
 */
@FunctionalInterface
public interface VideoSource {

    /**
     * A video ready for {@link CompressedQa#prepare(CompressedQa.Encoded, CompressionConfig, MethodRunner.PrefixStore)}.
     *
     * @param prefixes where the method's video prefix may be kept between runs; null: nowhere
     * @param cacheHit whether the encoding came from a cache
     */
    record Opened(CompressedQa.Encoded encoded, MethodRunner.PrefixStore prefixes, boolean cacheHit) {
    }

    Opened open(CompressedQa qa, Path video, SampledVideo.Sampling sampling, Consumer<String> progress);

    /** Decodes and encodes on every call; keeps nothing. */
    static VideoSource computed() {
        return (qa, video, sampling, progress) -> new Opened(qa.encode(video, sampling, progress), null, false);
    }
}
