#!/usr/bin/env bash
# Matrix-product kernels vs PyTorch/OpenBLAS on the same shapes, one after the other in one run.
# Usage: scripts/bench-gemm.sh [--reps N] [--shapes MxKxN,...] [--dtype F32|BF16|F16]
# Prints GFLOP/s of each (best of N timed runs after warm-up) and the ratio java/torch.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
reps=10
shapes="1024x576x1536,1024x1536x576,256x768x3072,1024x768x768,512x12288x576,1x576x1536"
dtype=F32
while [ $# -gt 0 ]; do
  case "$1" in
    --reps) reps="$2"; shift 2 ;;
    --shapes) shapes="$2"; shift 2 ;;
    --dtype) dtype="$2"; shift 2 ;;
    *) echo "bench-gemm.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
echo "# $(date -u +%FT%TZ) $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$here/videollm4j" bench-gemm --shapes "$shapes" --reps "$reps" --dtype "$dtype" >"$tmp/java"
OPENBLAS_NUM_THREADS=2 /usr/bin/python3 "$here/training/bench_gemm.py" --shapes "$shapes" --reps "$reps" >"$tmp/torch"
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-18s %6s %12s %12s %7s\n' "m x k x n" "w" "java GF/s" "torch GF/s" "ratio"
paste -d' ' "$tmp/java" "$tmp/torch" | while read -r m k n d _ jg _ _ _ _ _ tg; do
  printf '%-18s %6s %12.1f %12.1f %7.2f\n' "${m}x${k}x${n}" "$d" "$jg" "$tg" "$(echo "$jg / $tg" | bc -l)"
done
