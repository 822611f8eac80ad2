package org.videollm4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Deterministic horizontal sums. {@code reduceLanes(ADD)} adds the lanes in one order when the JIT has
 * compiled the caller and in another when it runs interpreted, so the same dot product could give
 * different bits before and after warm-up (measured: about half of 200k repeated calls differed from the
 * first). Here the order is fixed: a butterfly of lane-wise adds (lane i + lane i^half, ...), which is
 * the same in both modes and about as fast.
 */
public final class Lanes {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorShuffle<Float>[] BUTTERFLY = butterfly(S);

    private Lanes() {
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] butterfly(VectorSpecies<Float> species) {
        int steps = Integer.numberOfTrailingZeros(species.length());
        VectorShuffle<Float>[] out = new VectorShuffle[steps];
        for (int s = 0; s < steps; s++) {
            int d = species.length() >> (s + 1);
            out[s] = VectorShuffle.fromOp(species, i -> i ^ d);
        }
        return out;
    }

    /** The sum of the lanes of v, in a fixed order (any float species; the preferred one is precomputed). */
    public static float sum(FloatVector v) {
        VectorShuffle<Float>[] butterfly = v.species() == S ? BUTTERFLY : butterfly(v.species());
        for (VectorShuffle<Float> sh : butterfly) {
            v = v.add(v.rearrange(sh));
        }
        return v.lane(0);
    }
}
