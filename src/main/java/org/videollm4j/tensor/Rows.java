package org.videollm4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/** Vectorised reads of stored rows (F32/BF16/F16, little-endian) as f32: the loads every kernel shares. */
final class Rows {
    /**
     * The f32 species of every kernel: the widest of the machine, or a narrower one set with
     * {@code -Dvideollm4j.vectorBits=256} (to compare, or to exercise the AVX2 path on AVX-512 hardware).
     */
    static final VectorSpecies<Float> S = species(Integer.getInteger("videollm4j.vectorBits", 0));
    static final int L = S.length();
    /** Half-width shorts: L bf16 values widen into one f32 vector. */
    static final VectorSpecies<Short> SS = VectorSpecies.of(short.class, VectorShape.forBitSize(S.vectorBitSize() / 2));
    static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, S.vectorShape());
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private Rows() {
    }

    private static VectorSpecies<Float> species(int bits) {
        VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
        if (bits <= 0 || bits >= preferred.vectorBitSize()) {
            return preferred;
        }
        return VectorSpecies.of(float.class, VectorShape.forBitSize(Math.max(128, bits)));
    }

    /** L bf16 values at byte offset off, widened exactly to f32 (bf16 is the top half of an f32). */
    static FloatVector bf16(MemorySegment seg, long off) {
        ShortVector h = ShortVector.fromMemorySegment(SS, seg, off, LE);
        IntVector i = (IntVector) h.convertShape(VectorOperators.S2I, IS, 0);
        return i.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    /** Copies w[r][c0 .. c0 + len) as f32 into dst[off ..). */
    static void read(WeightMatrix w, int r, int c0, int len, float[] dst, int off) {
        MemorySegment seg = w.data();
        long e = (long) r * w.cols() + c0; // element index of the first value
        switch (w.dtype()) {
            case F32 -> MemorySegment.copy(seg, WeightMatrix.F32_LE, e * 4, dst, off, len);
            case BF16 -> {
                int i = 0;
                for (int end = len - L; i <= end; i += L) {
                    bf16(seg, (e + i) * 2).intoArray(dst, off + i);
                }
                for (; i < len; i++) {
                    dst[off + i] = DType.bf16ToFloat(seg.get(WeightMatrix.I16_LE, (e + i) * 2));
                }
            }
            case F16 -> {
                // Float.float16ToFloat is an intrinsic (one vcvtph2ps) on x86 with F16C.
                for (int i = 0; i < len; i++) {
                    dst[off + i] = Float.float16ToFloat(seg.get(WeightMatrix.I16_LE, (e + i) * 2));
                }
            }
        }
    }
}
