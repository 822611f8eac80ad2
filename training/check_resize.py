"""Measures how far torchvision's uint8 BICUBIC+antialias resize is from smolvlm/resize_spec.py.

    /usr/bin/python3 training/check_resize.py      (~1 min)
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from smolvlm import processor as pp  # noqa: E402
from smolvlm import resize_spec as rs  # noqa: E402

g = torch.Generator().manual_seed(11)
bad = vals = maxd = cases_bad = 0
for t in range(200):
    H, W = torch.randint(2, 200, (2,), generator=g).tolist()
    h, w = torch.randint(2, 200, (2,), generator=g).tolist()
    img = torch.randint(0, 256, (3, H, W), dtype=torch.uint8, generator=g)
    if t % 2:
        img = (torch.arange(H * W * 3) % 251).reshape(3, H, W).to(torch.uint8)
    a = pp.resize(img, h, w).numpy().astype(int)
    b = rs.resize_uint8(img.numpy(), h, w).astype(int)
    d = np.abs(a - b)
    bad += int((d > 0).sum())
    vals += d.size
    maxd = max(maxd, int(d.max()))
    cases_bad += int(d.max() > 0)
print(f"values differing {bad} of {vals}, max {maxd}, resizes with any difference {cases_bad} of 200")

# The committed goldens: rerun the processor with resize_spec's resize and compare with golden pixel_values.
import glob  # noqa: E402
import json  # noqa: E402

repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(repo, "training"))
from smolvlm import safetensors_io as st  # noqa: E402

orig_resize = pp.resize
for jf in sorted(glob.glob(os.path.join(repo, "testdata/goldens/tiny-gqa-f32/*.json"))):
    with open(jf) as f:
        g = json.load(f)
    if not g["images"]:
        continue
    want = st.load_file(jf[:-5] + ".safetensors")["pixel_values"]
    with open(os.path.join(repo, g["model"], "preprocessor_config.json")) as f:
        pcfg = pp.ProcessorConfig.load(f.name)
    pcfg.do_image_splitting = g["do_image_splitting"]
    pp.resize = lambda img, h, w: torch.from_numpy(rs.resize_uint8(img.numpy(), h, w).copy())
    got = []
    for p in g["images"]:
        img = pp.load_image(os.path.join(repo, p))
        got.append(pp.process_frame(img, pcfg)[None] if "video" in g else pp.process_image(img, pcfg)[0])
    pp.resize = orig_resize
    got = torch.cat(got)
    diff = (got - want).abs() * 127.5
    print(f"{os.path.relpath(jf, repo)}: {int((diff > 0.5).sum())} of {diff.numel()} pixel values differ, "
          f"max {float(diff.max()):.0f} uint8 step(s)")
