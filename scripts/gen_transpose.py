#!/usr/bin/env python3
"""Writes the in-register block transposes src/main/java/org/videollm4j/tensor/Transpose<L>.java.

Usage (from the repository root): python3 scripts/gen_transpose.py 16; python3 scripts/gen_transpose.py 8

An L x L block is transposed in log2(L) stages; stage b swaps, for each pair of rows (r, r + b) with bit b of r
clear, the lanes of row r whose lane bit b is set with the lanes of row r + b whose lane bit b is clear (the
off-diagonal b x b blocks of every 2b x 2b block). Each output row is one two-source lane selection
(FloatVector.selectFrom(v1, v2): one vpermt2ps on AVX-512), so a 16 x 16 block costs 64 selections instead of
256 scalar moves. Named locals only: C2 keeps them in registers, an array of vectors would be boxed.
"""
import sys

L = int(sys.argv[1])
species = {16: "FloatVector.SPECIES_512", 8: "FloatVector.SPECIES_256"}[L]
stages = [L >> (i + 1) for i in range(L.bit_length() - 1)]  # L/2, ..., 1
consts = []
for b in stages:
    lo = [(L + l - b) if l & b else l for l in range(L)]
    hi = [(L + l) if l & b else l + b for l in range(L)]
    consts.append(f"    private static final FloatVector LO{b} = indices({', '.join(map(str, lo))});")
    consts.append(f"    private static final FloatVector HI{b} = indices({', '.join(map(str, hi))});")
body = []
for r in range(L):
    body.append(f"        FloatVector x{r} = FloatVector.fromArray(S, src, so + {r} * lds);")
body.append("        FloatVector " + ", ".join(f"y{r}" for r in range(L)) + ";")
for b in stages:
    body.append(f"        // stage {b}: swap the off-diagonal {b} x {b} blocks")
    for r in range(L):
        if r & b:
            continue
        body.append(f"        y{r} = LO{b}.selectFrom(x{r}, x{r + b});")
        body.append(f"        y{r + b} = HI{b}.selectFrom(x{r}, x{r + b});")
    body.append("        " + " ".join(f"x{r} = y{r};" for r in range(L)))
for r in range(L):
    body.append(f"        x{r}.intoArray(dst, dOff + {r} * ldd);")
src = f'''package org.videollm4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Transposes a {L} x {L} block of floats in registers ({L} lanes: used when the kernels' species has {L} lanes).
 * Written out by scripts/gen_transpose.py (edit that, not this file), which explains the stages.
 */
final class Transpose{L} {{
    static final VectorSpecies<Float> S = {species};
    static final int L = {L};

{chr(10).join(consts)}

    private Transpose{L}() {{
    }}

    private static FloatVector indices(int... lanes) {{
        float[] f = new float[L];
        for (int i = 0; i < L; i++) {{
            f[i] = lanes[i];
        }}
        return FloatVector.fromArray(S, f, 0);
    }}

    /** dst[dOff + q * ldd + r] = src[so + r * lds + q] for r, q in [0, {L}). */
    static void block(float[] src, int so, int lds, float[] dst, int dOff, int ldd) {{
{chr(10).join(body)}
    }}
}}
'''
open(f"src/main/java/org/videollm4j/tensor/Transpose{L}.java", "w").write(src)
