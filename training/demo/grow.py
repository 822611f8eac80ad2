"""Deepens a trained demo model's language model without changing what it computes (function-preserving growth).

New decoder layers go in after the existing ones, spread evenly (3 -> 6 layers: one new layer after each old
one). A new layer's output projections (o_proj, down_proj) start at zero, so on the residual stream it adds
nothing and the grown model's logits equal the original's; its other weights get the training init, so the
gradients into the zeroed projections are non-zero from the first step and training continues from the
original's accuracy with more depth (run demo7: cross-frame questions need more steps of reasoning than 3
layers give; training/README.md).

    /usr/bin/python3 training/demo/grow.py SRC_MODEL DST_MODEL --layers 6 [--seed S]
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from smolvlm.config import SmolVLMConfig  # noqa: E402
from smolvlm.modeling import SmolVLMForConditionalGeneration  # noqa: E402
from smolvlm.safetensors_io import load_checkpoint  # noqa: E402
from demo.folder import write_folder  # noqa: E402
from demo.train import init_weights  # noqa: E402

PREFIX = "model.text_model.layers."


def layer_plan(old: int, new: int):
    """-> for each new layer index, the old layer it copies, or None for a fresh one (spread evenly)."""
    if new < old:
        raise ValueError(f"--layers {new} is fewer than the model's {old}")
    extra = [(new - old) * (i + 1) // old - (new - old) * i // old for i in range(old)]  # fresh after old i
    plan = []
    for i in range(old):
        plan.append(i)
        plan.extend([None] * extra[i])
    return plan


def grow(state: dict, fresh: dict, plan):
    """state: the original weights; fresh: a randomly initialised model of the new depth (same keys)."""
    out = {k: v for k, v in state.items() if not k.startswith(PREFIX)}
    for j, src in enumerate(plan):
        for k, v in fresh.items():
            if not k.startswith(f"{PREFIX}{j}."):
                continue
            suffix = k[len(f"{PREFIX}{j}."):]
            if src is not None:
                out[k] = state[f"{PREFIX}{src}.{suffix}"].clone()
            elif suffix.endswith(("o_proj.weight", "down_proj.weight")):
                out[k] = torch.zeros_like(v)  # adds nothing to the residual stream until trained
            else:
                out[k] = v.clone()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--layers", type=int, required=True, help="text layers of the grown model")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    cfg = SmolVLMConfig.load(os.path.join(args.src, "config.json"))
    plan = layer_plan(cfg.text_config.num_hidden_layers, args.layers)
    cfg.text_config.num_hidden_layers = args.layers
    fresh = SmolVLMForConditionalGeneration(cfg)
    init_weights(fresh, args.seed)
    state = grow(load_checkpoint(args.src), fresh.state_dict(), plan)
    with open(os.path.join(args.src, "tokenizer.json"), encoding="utf-8") as f:
        tj = json.load(f)
    write_folder(args.dst, cfg, tj, state)
    print(f"{args.src} -> {args.dst}: layers {plan}")


if __name__ == "__main__":
    main()
