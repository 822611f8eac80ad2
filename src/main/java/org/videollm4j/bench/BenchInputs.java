package org.videollm4j.bench;

/**
 * Deterministic inputs that the Java engine and training/bench_model.py both generate from the same
 * formulas (see that script's docstring), so the two sides time exactly the same work.
 */
public final class BenchInputs {
    private BenchInputs() {
    }

    /** Normalised pixels (frames, channels, size, size): element i = ((i · 7919) mod 2001) / 1000 − 1. */
    public static float[] pixels(int frames, int channels, int size) {
        long n = (long) frames * channels * size * size;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(frames + " frames of " + channels + "x" + size + "x" + size + " is too many floats");
        }
        float[] out = new float[(int) n]; // (frames, channels, size, size)
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (((i * 7919L) % 2001) / 1000.0 - 1.0);
        }
        return out;
    }

    /** Token ids start .. start+count−1 of the sequence id(i) = (i · 31 + 7) mod vocab. */
    public static int[] tokenIds(int start, int count, int vocab) {
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = (int) (((start + i) * 31L + 7) % vocab);
        }
        return ids;
    }

    /** Positions start .. start+count−1. */
    public static int[] positions(int start, int count) {
        int[] p = new int[count];
        for (int i = 0; i < count; i++) {
            p[i] = start + i;
        }
        return p;
    }
}
