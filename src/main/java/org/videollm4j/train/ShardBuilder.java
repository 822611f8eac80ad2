package org.videollm4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accumulates samples and writes one safetensors shard the trainer reads (training/demo/data.py):
 * {@code frames} U8 (total frames, M, M, 3) already resized by the Java processor, {@code frame_offsets} I64
 * (samples + 1), {@code input_ids} I32 (total tokens), {@code loss_mask} U8 (total tokens), {@code token_offsets}
 * I64 (samples + 1), {@code seeds} I64 (samples), {@code real} U8 (samples: 1 = decoded from the encoded MP4).
 */
final class ShardBuilder {
    private final int size;
    private byte[] frames = new byte[0];      // (frames, size, size, 3)
    private int frameCount;
    private long[] frameOffsets = {0};       // (samples + 1)
    private int[] ids = new int[0];          // (tokens)
    private byte[] mask = new byte[0];       // (tokens)
    private long[] tokenOffsets = {0};       // (samples + 1)
    private long[] seeds = new long[0];      // (samples)
    private byte[] real = new byte[0];       // (samples)

    ShardBuilder(int size) {
        this.size = size;
    }

    int samples() {
        return seeds.length;
    }

    void add(long seed, boolean decoded, byte[] sampleFrames, int count, SampleEncoder.Encoded enc) {
        if (sampleFrames.length != count * size * size * 3) {
            throw new IllegalArgumentException("frames of seed " + seed + " do not match " + count + " x " + size);
        }
        int n = samples();
        frames = Arrays.copyOf(frames, frames.length + sampleFrames.length);
        System.arraycopy(sampleFrames, 0, frames, frames.length - sampleFrames.length, sampleFrames.length);
        frameCount += count;
        frameOffsets = Arrays.copyOf(frameOffsets, n + 2);
        frameOffsets[n + 1] = frameCount;
        int t0 = ids.length;
        ids = Arrays.copyOf(ids, t0 + enc.ids().length);
        System.arraycopy(enc.ids(), 0, ids, t0, enc.ids().length);
        mask = Arrays.copyOf(mask, ids.length);
        System.arraycopy(enc.lossMask(), 0, mask, t0, enc.lossMask().length);
        tokenOffsets = Arrays.copyOf(tokenOffsets, n + 2);
        tokenOffsets[n + 1] = ids.length;
        seeds = Arrays.copyOf(seeds, n + 1);
        seeds[n] = seed;
        real = Arrays.copyOf(real, n + 1);
        real[n] = (byte) (decoded ? 1 : 0);
    }

    void write(Path file, Map<String, Object> meta) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>(meta);
        m.put("samples", samples());
        m.put("image_size", size);
        m.put("tokens", ids.length);
        SafetensorsWriter w = new SafetensorsWriter()
                .u8("frames", frames, frameCount, size, size, 3)
                .i64("frame_offsets", frameOffsets, frameOffsets.length)
                .i32("input_ids", ids, ids.length)
                .u8("loss_mask", mask, mask.length)
                .i64("token_offsets", tokenOffsets, tokenOffsets.length)
                .i64("seeds", seeds, seeds.length)
                .u8("real", real, real.length);
        m.forEach((k, v) -> w.metadata(k, String.valueOf(v)));
        w.write(file);
    }
}
