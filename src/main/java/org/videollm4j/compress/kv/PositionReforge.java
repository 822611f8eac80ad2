package org.videollm4j.compress.kv;

/**
 * New positions for the entries of a chunk that survive eviction (ReTaKe's "position reforge",
 * retake/longvideo_cache.py, PivotKVCache.update with pos_embed_reforge). SmolVLM gives every token its
 * own 1-D position (no temporal index shared by a frame, unlike Qwen2-VL's M-RoPE), so:
 * <ul>
 * <li>{@link Mode#CONTIGUOUS} (default): the kept entries take chunkStart, chunkStart+1, ... in order; the
 * next chunk continues after the last one. The compressed video then looks like a shorter video with no
 * gaps, the position range never exceeds what the model was trained on for the kept length.</li>
 * <li>{@link Mode#SCALED}: the reference's formula, t' = t_min + floor((t - t_min) · keep / chunkLen) with
 * t_min the smallest kept position: relative spacing kept, neighbouring tokens may share a position.</li>
 * <li>{@link Mode#NONE}: positions unchanged (gaps stay; the next chunk continues after the largest).</li>
 * </ul>
 */
public final class PositionReforge {
    public enum Mode { NONE, CONTIGUOUS, SCALED }

    private PositionReforge() {
    }

    /**
     * @param kept       (keep) positions of the kept entries, in cache order
     * @param chunkStart the chunk's first position before eviction
     * @param chunkLen   entries in the chunk before eviction (> 0)
     * @return (keep) new positions
     */
    public static int[] reforge(int[] kept, int chunkStart, int chunkLen, Mode mode) {
        int[] out = kept.clone();
        switch (mode) {
            case NONE -> { }
            case CONTIGUOUS -> {
                for (int j = 0; j < out.length; j++) {
                    out[j] = chunkStart + j;
                }
            }
            case SCALED -> {
                int min = Integer.MAX_VALUE;
                for (int p : kept) {
                    min = Math.min(min, p);
                }
                for (int j = 0; j < out.length; j++) {
                    out[j] = min + (int) ((long) (kept[j] - min) * kept.length / chunkLen);
                }
            }
        }
        return out;
    }
}
