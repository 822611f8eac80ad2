package org.videollm4j.model.kv;

import java.util.Arrays;

/**
 * The cached keys and values of one decoder layer. Entries are kept in insertion order (cache index
 * 0 .. size-1); causality in attention follows this order, not the stored positions. Capacity grows
 * by doubling, so appending is amortised O(1) per token.
 */
public final class LayerKv {
    private final int width; // kvHeads · headDim floats per token
    private float[] keys;    // (capacity, kvHeads, headDim), RoPE already applied at positions[i]
    private float[] values;  // (capacity, kvHeads, headDim)
    private int[] positions; // (capacity) RoPE position of each entry
    private int[] tags;      // (capacity) caller tag of each entry, e.g. TokenTag.TEXT or a frame index
    private int size;

    LayerKv(int width) {
        this.width = width;
        this.keys = new float[0];
        this.values = new float[0];
        this.positions = new int[0];
        this.tags = new int[0];
    }

    public int size() {
        return size;
    }

    /** Floats per entry (kvHeads · headDim). */
    public int width() {
        return width;
    }

    /** Backing key array (capacity, kvHeads, headDim); only [0, size) rows are meaningful. */
    public float[] keys() {
        return keys;
    }

    /** Backing value array (capacity, kvHeads, headDim); only [0, size) rows are meaningful. */
    public float[] values() {
        return values;
    }

    public int position(int i) {
        check(i);
        return positions[i];
    }

    public int tag(int i) {
        check(i);
        return tags[i];
    }

    /** Copies of positions / tags of the live entries, (size). */
    public int[] positions() {
        return Arrays.copyOf(positions, size);
    }

    public int[] tags() {
        return Arrays.copyOf(tags, size);
    }

    /** Appends n entries: k, v (n, kvHeads, headDim) starting at row 0, pos/tag (n). */
    void append(float[] k, float[] v, int n, int[] pos, int[] tag) {
        ensureCapacity(size + n);
        System.arraycopy(k, 0, keys, size * width, n * width);
        System.arraycopy(v, 0, values, size * width, n * width);
        System.arraycopy(pos, 0, positions, size, n);
        if (tag != null) {
            System.arraycopy(tag, 0, tags, size, n);
        } else {
            Arrays.fill(tags, size, size + n, TokenTag.TEXT);
        }
        size += n;
    }

    void ensureCapacity(int need) {
        int cap = positions.length;
        if (need <= cap) {
            return;
        }
        int newCap = Math.max(need, Math.max(16, cap * 2));
        keys = Arrays.copyOf(keys, Math.multiplyExact(newCap, width));
        values = Arrays.copyOf(values, Math.multiplyExact(newCap, width));
        positions = Arrays.copyOf(positions, newCap);
        tags = Arrays.copyOf(tags, newCap);
    }

    /** Keeps only the entries at {@code indices} (strictly increasing), compacting in place. */
    void keep(int[] indices) {
        int prev = -1;
        for (int i : indices) { // validate everything before moving anything
            if (i <= prev || i >= size) {
                throw new IllegalArgumentException("keep indices must be strictly increasing in [0, " + size
                        + "), got " + i + " after " + prev);
            }
            prev = i;
        }
        for (int j = 0; j < indices.length; j++) {
            int i = indices[j];
            if (i != j) {
                System.arraycopy(keys, i * width, keys, j * width, width);
                System.arraycopy(values, i * width, values, j * width, width);
                positions[j] = positions[i];
                tags[j] = tags[i];
            }
        }
        size = indices.length;
    }

    void clear() {
        size = 0;
    }

    void setPosition(int i, int pos) {
        positions[i] = pos;
    }

    /** Bytes held by live entries: keys + values (f32) + position + tag. */
    public long bytesUsed() {
        return (long) size * (2L * width * Float.BYTES + 2L * Integer.BYTES);
    }

    /** Bytes allocated, including spare capacity. */
    public long bytesAllocated() {
        return (long) positions.length * (2L * width * Float.BYTES + 2L * Integer.BYTES);
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("cache index " + i + " outside [0, " + size + ")");
        }
    }
}
