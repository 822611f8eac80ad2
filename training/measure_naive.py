"""Prints, for every golden, the largest |logit| difference between the goldens (float32 PyTorch) and the
independent float64 numpy forward in naive_reference.py:   /usr/bin/python3 training/measure_naive.py"""
import glob
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from naive_reference import NaiveSmolVLM  # noqa: E402
from smolvlm import safetensors_io as st  # noqa: E402

repo = os.path.dirname(HERE)
for jf in sorted(glob.glob(os.path.join(repo, "testdata/goldens/*/*.json"))):
    with open(jf) as f:
        g = json.load(f)
    t = st.load_file(jf[:-5] + ".safetensors")
    folder = os.path.join(repo, g["model"])
    naive = NaiveSmolVLM(folder, {k: v.float().numpy() for k, v in st.load_checkpoint(folder).items()})
    pv = t["pixel_values"].numpy() if "pixel_values" in t else None
    L = len(g["prompt_ids"])
    full = naive.logits(g["prompt_ids"] + g["generated_ids"][:-1], pv, merge_upto=L)
    d1 = np.abs(t["prompt_logits"].numpy() - full[:L]).max()
    d2 = np.abs(t["step_logits"].numpy() - full[L - 1:]).max()
    same = all(int(np.argmax(full[L - 1 + i])) == gid for i, gid in enumerate(g["generated_ids"]))
    name = os.path.relpath(jf, os.path.join(repo, "testdata/goldens"))
    print(f"{name:32s} max|prompt diff| {d1:.2e}  max|step diff| {d2:.2e}  max|logit| {np.abs(full).max():5.1f}"
          f"  float64 greedy ids agree: {same}")
