#!/usr/bin/python3
"""Resize goldens for BicubicResamplerTest: torchvision's F.resize(uint8 tensor, BICUBIC, antialias=True).

Run with Debian's /usr/bin/python3 (torch 1.13, torchvision 0.14). Writes testdata/resize/:
  src_<name>.png              the inputs (deterministic, seeded)
  <name>_<W>x<H>.png          torchvision output for each target size
  cases.txt                   one line per case: "<src png> <W> <H> <out png>"
Regenerates byte-identical output.
"""
import os
import numpy as np
import torch
import torchvision
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode
from PIL import Image

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "resize")


def sources():
    rng = np.random.default_rng(20261122)
    # Pure noise: every weight and every edge clamp matters.
    noise = rng.integers(0, 256, size=(23, 37, 3), dtype=np.uint8)
    # Smooth gradients with sharp bars: overshoot of the cubic kernel gets clamped at 0/255.
    h, w = 48, 64
    y, x = np.mgrid[0:h, 0:w]
    grad = np.stack([x * 255 // (w - 1), y * 255 // (h - 1), ((x // 4 + y // 4) % 2) * 255], axis=-1).astype(np.uint8)
    # Portrait, larger, for strong downscales.
    tall = rng.integers(0, 256, size=(150, 90, 3), dtype=np.uint8)
    tall[40:60, :, :] = 255
    tall[:, 30:33, :] = 0
    return {"noise": noise, "grad": grad, "tall": tall}


SIZES = {
    "noise": [(16, 10), (9, 7), (37, 12), (20, 23), (80, 50), (41, 29), (74, 46), (1, 1), (37, 23)],
    "grad": [(32, 24), (17, 13), (128, 96), (100, 30), (64, 64), (32, 32)],
    "tall": [(30, 50), (8, 8), (45, 75), (89, 149), (32, 32), (120, 190)],
}


def main():
    os.makedirs(OUT, exist_ok=True)
    lines = []
    for name, arr in sources().items():
        src = f"src_{name}.png"
        Image.fromarray(arr).save(os.path.join(OUT, src), optimize=False)
        t = torch.from_numpy(arr).permute(2, 0, 1).contiguous()  # (3, H, W) uint8
        for (w, h) in SIZES[name]:
            out = F.resize(t, [h, w], interpolation=InterpolationMode.BICUBIC, antialias=True)
            assert out.dtype == torch.uint8 and tuple(out.shape) == (3, h, w)
            fn = f"{name}_{w}x{h}.png"
            Image.fromarray(out.permute(1, 2, 0).numpy()).save(os.path.join(OUT, fn), optimize=False)
            lines.append(f"{src} {w} {h} {fn}")
    with open(os.path.join(OUT, "cases.txt"), "w") as f:
        f.write(f"# torch {torch.__version__} torchvision {torchvision.__version__}\n")
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()


def alpha_goldens():
    """RGBA input and its composite on white exactly as training/smolvlm/processor.py load_image does it."""
    rng = np.random.default_rng(7)
    rgba = rng.integers(0, 256, size=(9, 11, 4), dtype=np.uint8)
    rgba[0, :, 3] = 0
    rgba[1, :, 3] = 255
    src = Image.fromarray(rgba, "RGBA")
    src.save(os.path.join(OUT, "alpha_src.png"), optimize=False)
    bg = Image.new("RGBA", src.size, (255, 255, 255, 255))
    Image.alpha_composite(bg, src).convert("RGB").save(os.path.join(OUT, "alpha_on_white.png"), optimize=False)


alpha_goldens()
