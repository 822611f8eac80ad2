"""Portable statement of the resize the reference processor uses, for ports (the Java engine) to follow.

torchvision 0.14 `resize(uint8 tensor, BICUBIC, antialias=True)` = torch 1.13 `_upsample_bicubic2d_aa` on the
image converted to float32, then clamp [0, 255], round half to even, uint8. Per axis (in -> out samples):
  scale = in / out; support = 2 * max(scale, 1); invscale = 1 / max(scale, 1)
  for output i: center = scale * (i + 0.5); xmin = max(int(center - support + 0.5), 0);
                xmax = min(int(center + support + 0.5), in)
                w_j = keys_cubic((xmin + j - center + 0.5) * invscale), a = -0.5, j < xmax - xmin
                weights normalised to sum 1
  output = sum_j w_j * input[xmin + j]; separable (one axis, then the other, no rounding in between).
Torch computes this in float32 with compiler-contracted FMAs in places, so its bits are not reproducible
exactly; this float64 version agrees with it up to 1 uint8 step at a few pixels (measured in test_reference).
An unchanged size returns the input untouched.
"""
import math

import numpy as np


def keys_cubic(x: float) -> float:
    a = -0.5
    x = abs(x)
    if x < 1.0:
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0
    if x < 2.0:
        return ((a * x - 5.0 * a) * x + 8.0 * a) * x - 4.0 * a
    return 0.0


def axis_weights(n_in: int, n_out: int):
    """[(xmin, [w_0..w_k])] per output sample."""
    scale = n_in / n_out
    filt = max(scale, 1.0)
    support = 2.0 * filt
    out = []
    for i in range(n_out):
        center = scale * (i + 0.5)
        xmin = max(int(center - support + 0.5), 0)
        xmax = min(int(center + support + 0.5), n_in)
        ws = [keys_cubic((xmin + j - center + 0.5) / filt) for j in range(xmax - xmin)]
        total = sum(ws)
        out.append((xmin, [w / total for w in ws] if total != 0.0 else ws))
    return out


def _resize_axis(x: np.ndarray, n_out: int, axis: int) -> np.ndarray:
    x = np.moveaxis(x, axis, -1)
    y = np.zeros(x.shape[:-1] + (n_out,), dtype=np.float64)
    for o, (xmin, ws) in enumerate(axis_weights(x.shape[-1], n_out)):
        for j, w in enumerate(ws):
            y[..., o] += w * x[..., xmin + j]
    return np.moveaxis(y, -1, axis)


def resize_uint8(img: np.ndarray, h: int, w: int) -> np.ndarray:
    """uint8 (C, H, W) -> uint8 (C, h, w): width pass, height pass, clamp, round half to even."""
    if img.shape[1:] == (h, w):
        return img
    x = _resize_axis(img.astype(np.float64), w, 2)
    x = _resize_axis(x, h, 1)
    return np.rint(np.clip(x, 0.0, 255.0)).astype(np.uint8)
