package org.videollm4j.model.kv;

import org.videollm4j.model.ops.Rope;

import java.util.Arrays;

/**
 * Per-layer key/value cache of the text decoder, built so that compression methods (PivotKV, SnapKV,
 * H2O, LP-Comp, FastV, QC-Comp) act on it through position-range operations without touching model code.
 * <ul>
 * <li>Each layer has its own entry count (a layer schedule may drop tokens from later layers only).</li>
 * <li>Each entry carries its RoPE position and an int tag ({@link TokenTag}).</li>
 * <li>Keys are stored already rotated at their position (as transformers' DynamicCache and llama.cpp's
 * KV cache do). Attention then reads keys as they are, with no per-step rotation of the whole cache;
 * {@link #shiftPositions} re-rotates only the shifted entries by the delta (RoPE rotations compose), as
 * llama.cpp's K-shift does. The cost is a float rounding of ~1e-7 relative per shift, versus storing
 * un-rotated keys and rotating every cached key at every decoding step.</li>
 * <li>Attention causality follows cache order: a query appended at cache index c sees entries 0..c.</li>
 * </ul>
 * Not thread-safe; one cache per sequence.
 */
public final class KvCache {
    private final int kvHeads;
    private final int headDim;
    private final Rope rope;
    private final LayerKv[] layers; // (numLayers)

    public KvCache(int numLayers, int kvHeads, int headDim, Rope rope) {
        if (numLayers <= 0 || kvHeads <= 0 || headDim <= 0 || rope.headDim() != headDim) {
            throw new IllegalArgumentException("bad cache geometry layers=" + numLayers + " kvHeads=" + kvHeads
                    + " headDim=" + headDim);
        }
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.rope = rope;
        this.layers = new LayerKv[numLayers];
        for (int i = 0; i < numLayers; i++) {
            layers[i] = new LayerKv(kvHeads * headDim);
        }
    }

    public int numLayers() {
        return layers.length;
    }

    public int kvHeads() {
        return kvHeads;
    }

    public int headDim() {
        return headDim;
    }

    public LayerKv layer(int layer) {
        return layers[layer];
    }

    public int size(int layer) {
        return layers[layer].size();
    }

    /** One past the largest position stored in layer 0 (0 when empty): where a continuation starts. */
    public int nextPosition() {
        LayerKv l = layers[0];
        int max = -1;
        for (int i = 0; i < l.size(); i++) {
            max = Math.max(max, l.position(i));
        }
        return max + 1;
    }

    /** Appends n entries to one layer: k, v (n, kvHeads, headDim) rotated keys; positions, tags (n). */
    public void append(int layer, float[] k, float[] v, int n, int[] positions, int[] tags) {
        layers[layer].append(k, v, n, positions, tags);
    }

    /** Pre-sizes every layer for {@code tokens} entries (e.g. a known prompt length), avoiding growth copies. */
    public void reserve(int tokens) {
        for (LayerKv l : layers) {
            l.ensureCapacity(tokens);
        }
    }

    /** Keeps the entries at {@code indices} (strictly increasing) of one layer, drops the rest. */
    public void keep(int layer, int[] indices) {
        layers[layer].keep(indices);
    }

    /** Removes entries [from, to) of one layer. */
    public void remove(int layer, int from, int to) {
        int size = layers[layer].size();
        checkRange(layer, from, to);
        int[] rest = new int[size - (to - from)];
        int j = 0;
        for (int i = 0; i < size; i++) {
            if (i < from || i >= to) {
                rest[j++] = i;
            }
        }
        layers[layer].keep(rest);
    }

    /** Removes the entries at {@code indices} (any order, no duplicates) of one layer. */
    public void remove(int layer, int[] indices) {
        int size = layers[layer].size();
        boolean[] drop = new boolean[size];
        for (int i : indices) {
            if (i < 0 || i >= size || drop[i]) {
                throw new IllegalArgumentException("remove index " + i + " invalid or repeated (layer " + layer
                        + " has " + size + " entries)");
            }
            drop[i] = true;
        }
        int[] rest = new int[size - indices.length];
        int j = 0;
        for (int i = 0; i < size; i++) {
            if (!drop[i]) {
                rest[j++] = i;
            }
        }
        layers[layer].keep(rest);
    }

    /** Adds {@code delta} to the positions of entries [from, to) of one layer, re-rotating their keys. */
    public void shiftPositions(int layer, int from, int to, int delta) {
        checkRange(layer, from, to);
        if (delta == 0) {
            return;
        }
        LayerKv l = layers[layer];
        float[] keys = l.keys();
        for (int i = from; i < to; i++) { // validate before changing anything
            if ((long) l.position(i) + delta < 0 || (long) l.position(i) + delta > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shift by " + delta + " moves position " + l.position(i)
                        + " of entry " + i + " out of range");
            }
        }
        for (int i = from; i < to; i++) {
            rope.rotate(keys, i * kvHeads * headDim, kvHeads, delta);
            l.setPosition(i, l.position(i) + delta);
        }
    }

    /** Applies an operation to every layer, e.g. {@code cache.forEachLayer(l -> cache.remove(l, 10, 20))}. */
    public void forEachLayer(java.util.function.IntConsumer op) {
        for (int l = 0; l < layers.length; l++) {
            op.accept(l);
        }
    }

    public void clear() {
        for (LayerKv l : layers) {
            l.clear();
        }
    }

    public long bytesUsed(int layer) {
        return layers[layer].bytesUsed();
    }

    public long bytesUsed() {
        return Arrays.stream(layers).mapToLong(LayerKv::bytesUsed).sum();
    }

    public long bytesAllocated() {
        return Arrays.stream(layers).mapToLong(LayerKv::bytesAllocated).sum();
    }

    private void checkRange(int layer, int from, int to) {
        int size = layers[layer].size();
        if (from < 0 || to > size || from > to) {
            throw new IllegalArgumentException("range [" + from + ", " + to + ") outside layer " + layer
                    + " with " + size + " entries");
        }
    }
}
