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
