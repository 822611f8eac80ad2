#!/usr/bin/env python3
"""Writes the unrolled GEMM micro-kernels src/main/java/org/videollm4j/tensor/Kernel<R>x<V>.java.

Usage (from the repository root):
  python3 scripts/gen_gemm_kernels.py 6 2 Kernel6x2 "for 16-register machines (AVX2)..."
  python3 scripts/gen_gemm_kernels.py 8 3 Kernel8x3 "for 32-register machines (AVX-512)..."
"""
import sys
rows=int(sys.argv[1]); vecs=int(sys.argv[2]); cls=sys.argv[3]; doc=sys.argv[4]
aoffs='\n'.join(f'        int a{r} = aOff + {r} * lda;' for r in range(rows))
names=[f"c{r}_{v}" for r in range(rows) for v in range(vecs)]
decl=["        FloatVector " + ", ".join(f"{nm} = z" for nm in names[i:i+6]) + ";" for i in range(0,len(names),6)]
body=[]
for r in range(rows):
    body.append(("            FloatVector x" if r==0 else "            x") + f" = FloatVector.broadcast(S, a[a{r} + p]);")
    for v in range(vecs):
        body.append(f"            c{r}_{v} = x.fma(b{v}, c{r}_{v});")
loads="\n".join(f"            FloatVector b{v} = FloatVector.fromArray(S, bp, bi + {v} * L);" for v in range(vecs))
acc_lines=[]
for r in range(rows):
    for v in range(vecs):
        acc_lines.append(f"            c{r}_{v} = c{r}_{v}.add(FloatVector.fromArray(S, c, cOff + {r} * ldc + {v} * L));")
put_lines=[]
for r in range(rows):
    for v in range(vecs):
        put_lines.append(f"        c{r}_{v}.intoArray(c, cOff + {r} * ldc + {v} * L);")
stores = "        if (accumulate) {\n" + "\n".join(acc_lines) + "\n        }\n" + "\n".join(put_lines)
params=", ".join(f"FloatVector v{v}" for v in range(vecs))
st="\n".join(f"        put(v{v}, c, off + {v} * L, accumulate);" for v in range(vecs))
src=f'''package org.videollm4j.tensor;

import jdk.incubator.vector.FloatVector;

import static org.videollm4j.tensor.Rows.L;
import static org.videollm4j.tensor.Rows.S;

/**
 * A {{@link Gemm}} register tile of {rows} rows x {vecs} vectors ({rows*vecs} accumulators):
 * {doc}.
 * Written out by scripts/gen_gemm_kernels.py (edit that, not this file): C2 keeps only named
 * locals in registers, and the stores are unrolled too because a helper taking vectors that C2
 * does not inline boxes them (measured: 6x slower).
 */
final class {cls} {{
    static final int ROWS = {rows};
    static final int VECS = {vecs};

    private {cls}() {{
    }}

    static void kernel(float[] a, int aOff, int lda, float[] bp, int bOff, int kc, float[] c, int cOff, int ldc,
                       boolean accumulate) {{
        // Rows of a are read in place (no packing): each is a sequential stream along k.
{aoffs}
        FloatVector z = FloatVector.zero(S);
{chr(10).join(decl)}
        for (int p = 0; p < kc; p++) {{
            int bi = bOff + p * VECS * L;
{loads}
{chr(10).join(body)}
        }}
{stores}
    }}

}}
'''
open(f'src/main/java/org/videollm4j/tensor/{cls}.java','w').write(src)
