#!/usr/bin/env bash
# Reproduces the demo model (models/demo) from scratch: the exact commands, seeds and step counts of the
# shipped run (training/runs/demo3). Run from the repository root. Training is resumable: run the last
# command again with --resume after an interruption (it continues from training/runs/demo3/ckpt.pt).
set -euo pipefail
PY=/usr/bin/python3
export OMP_WAIT_POLICY=PASSIVE   # 2 OpenMP threads spin badly on a shared CPU; passive waiting is much faster

# 1. tokenizer corpus (Java) -> BPE tokenizer + config files (Python), no weights yet
./videollm4j make-data corpus --seed 1 --worlds 2000 --out training/demo/corpus.txt
$PY training/demo/folder.py training/demo/corpus.txt training/runs/demo-init

# 2. training shards (Java: render or synth MP4 -> decode, processor, chat template, tokenizer); every 10th
#    sample goes through H.264 encoding and decoding. World i of set S has seed S*1000000+i.
MD="./videollm4j make-data shards --model training/runs/demo-init"
$MD --seed 1 --samples 3000 --frames 4  --questions 4 --out data/demo/p1-t4
$MD --seed 2 --samples 4000 --frames 8  --questions 6 --out data/demo/p2-t8
$MD --seed 3 --samples 6000 --frames 16 --questions 6 --out data/demo/p3-t16
$MD --seed 4 --samples 6000 --frames 16 --questions 6 --out data/demo/p3b-t16
$MD --seed 5 --samples 8000 --frames 16 --single-frame --out data/demo/f1-single
$MD --seed 90 --samples 96 --frames 16 --questions 6 --out data/demo/val-t16

# 3. staged training: single frames with captions (batch 64), then 4- and 8-frame clips (plus single
#    frames), then 16-frame videos (the trained length); AdamW, peak lr 2e-3, warmup 30, cosine to 10%
$PY training/demo/train.py --init training/runs/demo-init --run training/runs/demo3 \
  --phase f1=data/demo/f1-single:250:64 \
  --phase v8=data/demo/p1-t4+data/demo/p2-t8+data/demo/f1-single:400:16 \
  --phase v16=data/demo/p3-t16+data/demo/p3b-t16:850:16 \
  --val data/demo/val-t16 --lr 2e-3 --warmup 30 --ckpt-every 240 --seed 4321 --resume

# 4. ship: the exported HF folder becomes the bundled model
rm -rf models/demo && cp -r training/runs/demo3/export models/demo

# 5. held-out evaluation sets (seeds never used in training) and the measurement
for L in 16:9001 32:9002 64:9003; do
  ./videollm4j make-data eval-set --seed "${L##*:}" --count 40 --frames "${L%%:*}" --out "data/eval/t${L%%:*}-s${L##*:}"
done
./videollm4j eval --set data/eval/t16-s9001 --json > training/runs/demo3/eval-t16.json
./videollm4j eval --set data/eval/t32-s9002 --set data/eval/t64-s9003 --json > training/runs/demo3/eval-t32-t64.json
