package org.videollm4j.model.kv;

import java.util.Arrays;

/**
 * The tokens of one decoder forward call as they flow between layers: hidden states with their RoPE
 * positions, tags and original row numbers (so a caller can tell which input rows survived hooks).
 */
public final class TokenStates {
    private final int hidden;
    private float[] x;       // (n, hidden)
    private int[] positions; // (n)
    private int[] tags;      // (n)
    private int[] rows;      // (n) index of each token in the call's input
    private int n;

    public TokenStates(float[] x, int n, int hidden, int[] positions, int[] tags) {
        if (x.length < (long) n * hidden || positions.length != n || (tags != null && tags.length != n)) {
            throw new IllegalArgumentException("token states need x (" + n + ", " + hidden + "), positions (" + n
                    + "), tags (" + n + "); got " + x.length + ", " + positions.length + ", "
                    + (tags == null ? "null" : tags.length));
        }
        this.hidden = hidden;
        this.x = x;
        this.n = n;
        this.positions = positions.clone();
        this.tags = tags == null ? filled(n, TokenTag.TEXT) : tags.clone();
        this.rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
    }

    public int size() {
        return n;
    }

    public int hidden() {
        return hidden;
    }

    /** Hidden states (size, hidden); mutable in place by the decoder. */
    public float[] x() {
        return x;
    }

    public int[] positions() {
        return positions;
    }

    public int[] tags() {
        return tags;
    }

    /** Original input row of each remaining token, (size). */
    public int[] rows() {
        return rows;
    }

    /** Keeps only the tokens at {@code keep} (strictly increasing indices into the current tokens). */
    public void keepRows(int[] keep) {
        float[] nx = new float[keep.length * hidden]; // (keep.length, hidden)
        int prev = -1;
        for (int j = 0; j < keep.length; j++) {
            int i = keep[j];
            if (i <= prev || i >= n) {
                throw new IllegalArgumentException("keepRows indices must be strictly increasing in [0, " + n + ")");
            }
            prev = i;
            System.arraycopy(x, i * hidden, nx, j * hidden, hidden);
        }
        positions = pick(positions, keep);
        tags = pick(tags, keep);
        rows = pick(rows, keep);
        x = nx;
        n = keep.length;
    }

    private static int[] pick(int[] a, int[] idx) {
        int[] out = new int[idx.length];
        for (int j = 0; j < idx.length; j++) {
            out[j] = a[idx[j]];
        }
        return out;
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }
}
