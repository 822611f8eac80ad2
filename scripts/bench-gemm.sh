#!/usr/bin/env bash
# Matrix-product kernels vs PyTorch/OpenBLAS (2 threads each) on the same shapes, in one run.
# Usage: scripts/bench-gemm.sh [--rounds R] [--reps N] [--shapes MxKxN,...] [--dtype F32|BF16|F16]
# The two alternate for R rounds (so a burst of load from other jobs hits both alike); each round
# keeps the best of N timed runs after a warm-up, and the table shows the best round of each.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=3
reps=10
shapes="1024x576x1536,1024x1536x576,256x768x3072,1024x768x768,512x12288x576,1x576x1536"
dtype=F32
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --shapes) shapes="$2"; shift 2 ;;
    --dtype) dtype="$2"; shift 2 ;;
    *) echo "bench-gemm.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
echo "# $(date -u +%FT%TZ) $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$here/videollm4j" --help >/dev/null # build first, outside the timings
for r in $(seq "$rounds"); do
  "$here/videollm4j" bench-gemm --shapes "$shapes" --reps "$reps" --dtype "$dtype" >>"$tmp/java"
  OPENBLAS_NUM_THREADS=2 /usr/bin/python3 "$here/training/bench_gemm.py" --shapes "$shapes" --reps "$reps" \
    >>"$tmp/torch" 2>"$tmp/torch.err" || { cat "$tmp/torch.err" >&2; exit 1; }
done
grep '^#' "$tmp/torch.err" | sed 's/Build settings: //' || true
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg); best of $rounds rounds x $reps runs; w stored as $dtype for java, F32 for torch"
best() { awk '{ key = $1 "x" $2 "x" $3; if (!(key in g) || $6 > g[key]) g[key] = $6 } END { for (k in g) print k, g[k] }' "$1"; }
printf '%-16s %10s %11s %6s\n' "m x k x n" "java GF/s" "torch GF/s" "ratio"
IFS=',' read -ra list <<<"$shapes"
for s in "${list[@]}"; do
  key="$(echo "$s" | tr 'X' 'x')"
  jg="$(best "$tmp/java" | awk -v k="$key" '$1 == k { print $2 }')"
  tg="$(best "$tmp/torch" | awk -v k="$key" '$1 == k { print $2 }')"
  printf '%-16s %10.1f %11.1f %6.2f\n' "$key" "$jg" "$tg" "$(echo "$jg / $tg" | bc -l)"
done
