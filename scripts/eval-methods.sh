#!/usr/bin/env bash
# Accuracy, visual tokens, KV bytes and time of every compression method at 1x, 2x, 4x and 8x the demo
# model's trained video length, on held-out worlds (a needle grid: lengths x depths), for BENCHMARKS.md.
#
# Usage: scripts/eval-methods.sh [--model DIR] [--trained-length T] [--seed S] [--per-cell N]
#          [--depths D,D] [--methods M,M] [--kv-budgets R,R] [--select-frames N] [--within-context] [--out DIR]
#   --trained-length  seconds (= frames at 1 fps) of the training clips; default: read from DIR/README.md
#                     ("trained length: T" or "... T frames at 1 fps"), else required
#   --seed            grid seed, one the training never used (default 990001)
#   --select-frames   frame budget of uniform / xcomp (default: T, the trained length)
#   --within-context  count prompts past the model's context as errors instead of letting RoPE extrapolate
# Writes OUT/grid (the videos), OUT/results.{json,md}, OUT/heatmap.html; prints results.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
model="$here/models/demo"
trained=""
seed=990001
per_cell=2
depths="0,0.25,0.5,0.75,1"
methods="none,uniform,retake,xcomp,longvlm,fastv,snapkv,h2o"
budgets="0.25,0.5"
select_frames=""
beyond="--beyond-context"
out="$here/target/eval-methods"
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model="$2"; shift 2 ;;
    --trained-length) trained="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --per-cell) per_cell="$2"; shift 2 ;;
    --depths) depths="$2"; shift 2 ;;
    --methods) methods="$2"; shift 2 ;;
    --kv-budgets) budgets="$2"; shift 2 ;;
    --select-frames) select_frames="$2"; shift 2 ;;
    --within-context) beyond=""; shift ;;
    --out) out="$2"; shift 2 ;;
    *) echo "eval-methods.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
if [ -z "$trained" ] && [ -f "$model/README.md" ]; then
  trained="$(grep -oiE 'trained length[^0-9]*[0-9]+|[0-9]+ frames at 1 fps' "$model/README.md" | head -1 | grep -oE '[0-9]+' | head -1 || true)"
fi
if [ -z "$trained" ]; then
  echo "eval-methods.sh: cannot tell the trained length from $model/README.md; pass --trained-length T (seconds at 1 fps)" >&2
  exit 2
fi
select_frames="${select_frames:-$trained}"
lengths="$trained,$((2 * trained)),$((4 * trained)),$((8 * trained))"
echo "# $(date -u +%FT%TZ) model $model, trained length $trained s; lengths $lengths; depths $depths; seed $seed" >&2
if [ ! -d "$out/grid" ]; then
  "$here/videollm4j" make-eval-grid --lengths "$lengths" --depths "$depths" --per-cell "$per_cell" \
    --seed "$seed" --out "$out/grid.tmp" >&2
  mv "$out/grid.tmp" "$out/grid"
fi
sets=()
for l in ${lengths//,/ }; do
  sets+=(--set "$out/grid/$(printf 'len-%04d' "$l")")
done
"$here/videollm4j" eval --model "$model" "${sets[@]}" --fps 1 \
  --method "$methods" --kv-budget "$budgets" --select-frames "$select_frames" $beyond --out "$out" >/dev/null
cat "$out/results.md"
echo "# heatmap: $out/heatmap.html" >&2
