"""Reference SmolVLM processor, "fast" (torchvision) variant for images and video frames.

Images (A8, transformers SmolVLMImageProcessorFast): uint8 (3, h, w) tensors;
  1. resize so the longest edge equals size.longest_edge (other edge int(...) rounded up to even, clamp 4096);
  2a. do_image_splitting: resize to multiples of M = max_image_size.longest_edge, cut M x M tiles row-major,
      append the global image (step-2 image resized to M x M); rows = cols = 0 if the image is <= M;
  2b. no splitting: resize straight to M x M;
  3. (x - 127.5) / 127.5 in float32 (HF fuses rescale 1/255 and mean/std 0.5 into one normalize).
Every resize is torchvision.transforms.functional.resize(uint8, BICUBIC, antialias=True): float32 antialiased
bicubic (a = -0.5, PIL-style support), clamp [0, 255], round half to even, back to uint8.
Video frames (A9): longest edge -> video_sampling.video_size.longest_edge (same even rule), then M x M, same
normalisation; no splitting.
"""
import datetime
import json
import math
from dataclasses import dataclass
from typing import List, Sequence, Tuple

import numpy as np
import torch
from PIL import Image
from torchvision.transforms import InterpolationMode
from torchvision.transforms import functional as TF

import jinja2
import jinja2.ext
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_IMAGE_SIZE = 4096
PROCESSOR_VARIANT = ("fast/torchvision: resize = torchvision.transforms.functional.resize(uint8 CHW tensor, "
                     "BICUBIC, antialias=True) (float32 compute, clamp 0..255, round half-even, uint8); "
                     "normalize (x - 127.5) / 127.5 in float32")


@dataclass
class ProcessorConfig:
    image_seq_len: int
    longest_edge: int  # size.longest_edge
    max_image_size: int  # max_image_size.longest_edge = M, the vision encoder's image_size
    video_longest_edge: int
    video_fps: float = 1.0
    video_max_frames: int = 64
    do_image_splitting: bool = False

    @staticmethod
    def load(preprocessor_config_path: str) -> "ProcessorConfig":
        with open(preprocessor_config_path) as f:
            d = json.load(f)
        vs = d.get("video_sampling", {})
        return ProcessorConfig(
            image_seq_len=d.get("image_seq_len", 64),
            longest_edge=d["size"]["longest_edge"],
            max_image_size=d["max_image_size"]["longest_edge"],
            video_longest_edge=vs.get("video_size", {}).get("longest_edge", d["max_image_size"]["longest_edge"]),
            video_fps=vs.get("fps", 1),
            video_max_frames=vs.get("max_frames", 64),
            do_image_splitting=d.get("do_image_splitting", True),
        )


def load_image(path: str) -> torch.Tensor:
    """PNG -> uint8 (3, h, w); alpha composited on white like convert_to_rgb would."""
    img = Image.open(path)
    if img.mode in ("RGBA", "LA", "P"):
        img = img.convert("RGBA")
        bg = Image.new("RGBA", img.size, (255, 255, 255, 255))
        img = Image.alpha_composite(bg, img)
    img = img.convert("RGB")
    return torch.from_numpy(np.asarray(img, dtype=np.uint8).copy()).permute(2, 0, 1).contiguous()


def resize(img: torch.Tensor, h: int, w: int) -> torch.Tensor:
    """uint8 (3, h0, w0) -> uint8 (3, h, w); identity if the size is unchanged (torchvision does the same)."""
    return TF.resize(img, [h, w], interpolation=InterpolationMode.BICUBIC, antialias=True)


def longest_edge_size(h: int, w: int, longest: int) -> Tuple[int, int]:
    """A8 step 1 (`_resize_output_size_rescale_to_max_len` then the 4096 clamp)."""
    aspect = w / h
    if w >= h:
        w = longest
        h = int(w / aspect)
        if h % 2:
            h += 1
    else:
        h = longest
        w = int(h * aspect)
        if w % 2:
            w += 1
    h, w = max(h, 1), max(w, 1)
    aspect = w / h
    if w >= h and w > MAX_IMAGE_SIZE:
        w, h = MAX_IMAGE_SIZE, int(MAX_IMAGE_SIZE / aspect)
    elif h > w and h > MAX_IMAGE_SIZE:
        h, w = MAX_IMAGE_SIZE, int(MAX_IMAGE_SIZE * aspect)
    return max(h, 1), max(w, 1)


def vision_encoder_size(h: int, w: int, m: int) -> Tuple[int, int]:
    """A8 step 2 (`resize_for_vision_encoder`): multiples of m keeping the aspect ratio."""
    aspect = w / h
    if w >= h:
        w = math.ceil(w / m) * m
        h = int(w / aspect)
        h = math.ceil(h / m) * m
    else:
        h = math.ceil(h / m) * m
        w = int(h * aspect)
        w = math.ceil(w / m) * m
    return h, w


def normalize(img: torch.Tensor) -> torch.Tensor:
    """uint8 -> float32 in [-1, 1]: (x - 127.5) / 127.5 (rescale 1/255 fused with mean = std = 0.5)."""
    return (img.float() - 127.5) / 127.5


def process_image(img: torch.Tensor, cfg: ProcessorConfig):
    """uint8 (3, h, w) -> (pixel_values (n, 3, M, M) float32, rows, cols); n = rows*cols + 1 or 1."""
    m = cfg.max_image_size
    h, w = longest_edge_size(img.shape[1], img.shape[2], cfg.longest_edge)
    img = resize(img, h, w)
    if not cfg.do_image_splitting:
        return normalize(resize(img, m, m))[None], 0, 0
    h, w = vision_encoder_size(h, w, m)
    img = resize(img, h, w)
    if h <= m and w <= m:
        return normalize(img)[None], 0, 0
    rows, cols = math.ceil(h / m), math.ceil(w / m)
    tiles = [img[:, r * m:(r + 1) * m, c * m:(c + 1) * m] for r in range(rows) for c in range(cols)]
    tiles.append(resize(img, m, m))
    return normalize(torch.stack(tiles)), rows, cols


def process_frame(frame: torch.Tensor, cfg: ProcessorConfig) -> torch.Tensor:
    """uint8 (3, h, w) video frame -> float32 (3, M, M) (A9)."""
    h, w = longest_edge_size(frame.shape[1], frame.shape[2], cfg.video_longest_edge)
    frame = resize(frame, h, w)
    return normalize(resize(frame, cfg.max_image_size, cfg.max_image_size))


# ------------------------------------------------------------------------------------------------ prompt
def image_block(seq: int, rows: int, cols: int) -> str:
    """A10 prompt string for one image (split when rows*cols > 0)."""
    single = "<fake_token_around_image><global-img>" + "<image>" * seq + "<fake_token_around_image>"
    if rows == 0 and cols == 0:
        return single
    s = ""
    for r in range(1, rows + 1):
        for c in range(1, cols + 1):
            s += f"<fake_token_around_image><row_{r}_col_{c}>" + "<image>" * seq
        s += "\n"
    return s + "\n" + single


_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def num2words(n: int) -> str:
    """English cardinal for 0..100 the way the num2words package writes it (e.g. 'sixty-four')."""
    if not 0 <= n <= 100:
        raise ValueError(f"num2words: {n} outside 0..100")
    if n == 100:
        return "one hundred"
    if n < 20:
        return _ONES[n]
    return _TENS[n // 10] + ("" if n % 10 == 0 else "-" + _ONES[n % 10])


def video_block(seq: int, timestamps: Sequence[float], duration: float) -> str:
    """A9/A10 text that replaces `<video>`: intro, one 'Frame from MM:SS:' + image block per frame, outro."""
    dur = str(datetime.timedelta(seconds=int(duration)))
    s = f"You are provided the following series of {num2words(len(timestamps))} frames from a {dur} [H:MM:SS] video.\n"
    for t in timestamps:
        s += f"\nFrame from {int(t // 60):02d}:{int(t % 60):02d}:" + image_block(seq, 0, 0)
    return s + "\n\n"


def render_chat(template: str, messages: list, add_generation_prompt: bool = True) -> str:
    """Renders chat_template like HF apply_chat_template (ImmutableSandboxedEnvironment, trim/lstrip blocks)."""
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[jinja2.ext.loopcontrols])
    return env.from_string(template).render(messages=messages, add_generation_prompt=add_generation_prompt)


def expand_prompt(text: str, seq: int, image_splits: Sequence[Tuple[int, int]] = (),
                  video: Tuple[Sequence[float], float] = None) -> str:
    """Replaces each `<image>` (in order) by its block and `<video>` by the video layout."""
    if video is not None:
        if text.count("<video>") != 1:
            raise ValueError("expected exactly one <video> placeholder")
        text = text.replace("<video>", video_block(seq, video[0], video[1]))
        return text
    parts = text.split("<image>")
    if len(parts) - 1 != len(image_splits):
        raise ValueError(f"prompt has {len(parts) - 1} <image> but {len(image_splits)} images were given")
    out = parts[0]
    for (rows, cols), rest in zip(image_splits, parts[1:]):
        out += image_block(seq, rows, cols) + rest
    return out
