package org.videollm4j.compress.kv;

import org.videollm4j.model.kv.AttentionObserver;

/**
 * A KV-cache policy run by {@link ChunkedPrefill}: before each chunk it may ask to observe the chunk's
 * attention ({@link #observerFor}); after the chunk has gone through every layer it may evict entries
 * of the cache ({@link #afterChunk}). Policies never evict text tokens ({@code TokenTag.TEXT}).
 */
public interface KvPolicy {
    /** No eviction. */
    KvPolicy NONE = ctx -> { };

    /** The observer to run during {@code chunk}'s forward call, or null (the default) for none. */
    default AttentionObserver observerFor(ChunkedPrefill.Chunk chunk, boolean lastChunk) {
        return null;
    }

    void afterChunk(ChunkContext ctx);

    /** Short name for traces, e.g. "pivotkv". */
    default String name() {
        return "none";
    }
}
