package org.videollm4j.model.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API inner loops of attention (dot products of q·k and the p·v accumulation). Each has a
 * plain scalar twin ({@link #dotScalar}, {@link #axpyScalar}) that the tests compare against.
 */
public final class VecMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VecMath() {
    }

    /** Σ a[ao + i] · b[bo + i] for i < len. */
    public static float dot(float[] a, int ao, float[] b, int bo, int len) {
        int i = 0;
        float sum = 0;
        if (len >= S.length()) {
            FloatVector acc = FloatVector.zero(S);
            int bound = S.loopBound(len);
            for (; i < bound; i += S.length()) {
                acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
            }
            sum = org.videollm4j.tensor.Lanes.sum(acc);
        }
        for (; i < len; i++) {
            sum += a[ao + i] * b[bo + i];
        }
        return sum;
    }

    /** y[yo + i] += alpha · x[xo + i] for i < len. */
    public static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int len) {
        int i = 0;
        if (len >= S.length()) {
            FloatVector va = FloatVector.broadcast(S, alpha);
            int bound = S.loopBound(len);
            for (; i < bound; i += S.length()) {
                FloatVector.fromArray(S, x, xo + i).fma(va, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
            }
        }
        for (; i < len; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    public static float dotScalar(float[] a, int ao, float[] b, int bo, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) {
            s += (double) a[ao + i] * b[bo + i];
        }
        return (float) s;
    }

    public static void axpyScalar(float alpha, float[] x, int xo, float[] y, int yo, int len) {
        for (int i = 0; i < len; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }
}
