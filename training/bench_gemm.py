#!/usr/bin/python3
"""PyTorch (OpenBLAS) side of scripts/bench-gemm.sh: times c = a @ w.T in f32 on 2 threads.

Prints one line per shape, "m k n F32 best_ms gflops", the format of `videollm4j bench-gemm`.
Best of --reps timed runs after a warm-up, because other jobs may share the cores.
"""
import argparse
import sys
import time

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shapes", required=True, help="comma-separated MxKxN")
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--warmup", type=float, default=2.0)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    # Debian's torch reports BLAS_INFO=generic in torch.__config__.show(): it calls the system
    # libblas.so.3, which the alternatives system points at OpenBLAS. Check what is really loaded.
    torch.randn(64, 64) @ torch.randn(64, 64)
    with open("/proc/self/maps") as f:
        libs = sorted({line.split()[-1] for line in f if "blas" in line.lower()})
    blas_info = [x for x in torch.__config__.show().replace(",", "\n").splitlines() if "BLAS_INFO" in x]
    print("# torch %s, threads %d, %s, loaded: %s" % (torch.__version__, torch.get_num_threads(),
          "".join(blas_info).strip(), " ".join(libs)), file=sys.stderr)
    if not any("openblas" in lib for lib in libs):
        sys.exit("bench_gemm.py: OpenBLAS is not loaded (BLAS libraries: %s)" % libs)
    gen = torch.Generator().manual_seed(1)
    for s in args.shapes.split(","):
        m, k, n = (int(x) for x in s.lower().split("x"))
        a = torch.randn(m, k, generator=gen)
        w = torch.randn(n, k, generator=gen) * 0.05
        c = torch.empty(m, n)
        flops = 2.0 * m * n * k
        inner = int(max(1, min(1000, 2e8 / flops)))
        end = time.perf_counter() + args.warmup
        while time.perf_counter() < end:
            torch.matmul(a, w.t(), out=c)
        best = float("inf")
        for _ in range(args.reps):
            t0 = time.perf_counter()
            for _ in range(inner):
                torch.matmul(a, w.t(), out=c)
            best = min(best, (time.perf_counter() - t0) / inner)
        print("%d %d %d F32 %.4f %.2f" % (m, k, n, best * 1e3, flops / best / 1e9), flush=True)


if __name__ == "__main__":
    with torch.no_grad():
        main()
