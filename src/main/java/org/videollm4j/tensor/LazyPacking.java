package org.videollm4j.tensor;

import java.util.function.Supplier;

/**
 * A layer's packed weight panels, made on first use by one thread and then shared (double-checked locking on a
 * volatile field): model loading stays cheap, and a layer only ever run on one row (decoding) never packs.
 */
final class LazyPacking {
    private final Supplier<PackedWeights> make;
    private volatile PackedWeights packed;

    LazyPacking(Supplier<PackedWeights> make) {
        this.make = make;
    }

    PackedWeights get() {
        PackedWeights p = packed;
        if (p == null) {
            synchronized (this) {
                p = packed;
                if (p == null) {
                    p = make.get();
                    packed = p;
                }
            }
        }
        return p;
    }
}
