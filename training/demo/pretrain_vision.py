"""Stage 0: pretrains the vision tower and connector of the demo model on per-frame labels, the way real
VLMs start from a pretrained vision encoder (SigLIP) instead of learning to see through the language loss.

The labels come from the single-frame caption shards (`make-data shards --single-frame`): the answer of each
sample is "MM:SS <colour> <shape>", "MM:SS <digit|letter|word> card <text>" or "MM:SS nothing". Small linear
heads on the connector's output (the 4 tokens of a frame, flattened) predict what / colour / shape / card text;
they are thrown away afterwards: only the vision tower and connector weights go on (into RUN/vision.pt), and
the language stages (train.py --vision-init) then learn to read them.

--per-token puts the same heads on each of a frame's 4 tokens instead of on the 4 flattened: every token must
then carry the whole frame (colour and shape together), so one attention read finds a shape by its colour, and
a frame whose other tokens were evicted from the KV cache (PivotKV at a 25% budget keeps ~1 of 4) still says
what it showed. --warm-start continues from an earlier vision.pt instead of a random tower.

Why: with the language loss alone, a ~1M-parameter model learned colours in a few hundred steps but shape
recognition stayed near chance for 1500 steps (run demo3); a direct classification loss on the same frames
learns shapes several times faster (training/README.md).
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from smolvlm import tokenizer as tk  # noqa: E402
from smolvlm.config import SmolVLMConfig  # noqa: E402
from smolvlm.modeling import SmolVLMForConditionalGeneration  # noqa: E402
from demo.data import ShardSet  # noqa: E402
from demo.train import init_weights  # noqa: E402

WHAT = ["shape", "digit", "letter", "word", "nothing"]
COLOURS = ["red", "orange", "yellow", "green", "blue", "purple"]
SHAPES = ["circle", "square", "triangle", "star", "cross"]
IGNORE = -100
# Output width of the card-text head: room for every card text (the world has 46); outputs no label uses are
# never targeted. Fixed rather than len(texts) so the head's random init, and so the shipped run, reproduce.
TEXT_CLASSES = 512


def frame_labels(caption: str, texts: dict):
    """'00:01 red triangle' -> (what, colour, shape, text) class ids, IGNORE where they do not apply."""
    words = caption.split()[1:]
    if words == ["nothing"]:
        return WHAT.index("nothing"), IGNORE, IGNORE, IGNORE
    if len(words) == 2 and words[0] in COLOURS and words[1] in SHAPES:
        return WHAT.index("shape"), COLOURS.index(words[0]), SHAPES.index(words[1]), IGNORE
    if len(words) == 3 and words[1] == "card" and words[0] in WHAT:
        return WHAT.index(words[0]), IGNORE, IGNORE, texts.setdefault(words[2], len(texts))
    raise ValueError(f"unexpected single-frame caption {caption!r}")


def load(folders, tok, texts):
    """-> pixel values (n, 3, M, M) in [-1, 1] and labels (n, 4)."""
    data = ShardSet(folders)
    px, labels = [], []
    for k in range(len(data)):
        frames, ids, mask = data.sample(k)
        if frames.shape[0] != 1:
            raise ValueError(f"{folders}: sample {k} has {frames.shape[0]} frames; stage 0 needs --single-frame shards")
        caption = tok.decode([int(i) for i, m in zip(ids, mask) if m]).replace("<end_of_utterance>", "")
        px.append(frames[0])
        labels.append(frame_labels(caption.strip(), texts))
    x = torch.from_numpy(np.stack(px)).permute(0, 3, 1, 2).float().sub(127.5).div(127.5)  # same as collate
    return x, torch.tensor(labels)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--init", required=True, help="model folder with config + tokenizer (folder.py)")
    ap.add_argument("--data", required=True, help="single-frame shard folders, joined with +")
    ap.add_argument("--val", required=True, help="held-out single-frame shard folder")
    ap.add_argument("--out", required=True, help="writes OUT/vision.pt and OUT/pretrain-log.jsonl")
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--seed", type=int, default=77)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--per-token", action="store_true", help="heads on every token, not on the flattened frame")
    ap.add_argument("--warm-start", help="start the vision tower + connector from this vision.pt or model folder")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    cfg = SmolVLMConfig.load(os.path.join(args.init, "config.json"))
    with open(os.path.join(args.init, "tokenizer.json"), encoding="utf-8") as f:
        tok = tk.Tokenizer(json.load(f))
    texts = {}
    x, y = load(args.data.split("+"), tok, texts)
    vx, vy = load([args.val], tok, texts)
    print(f"{len(y)} training frames, {len(vy)} held out, {len(texts)} card texts", flush=True)

    model = SmolVLMForConditionalGeneration(cfg)
    init_weights(model, args.seed)
    if args.warm_start:
        if os.path.isdir(args.warm_start):  # a model folder: take its vision tower + connector
            from smolvlm.safetensors_io import load_checkpoint
            warm = {k: v for k, v in load_checkpoint(args.warm_start).items()
                    if k.startswith(("model.vision_model.", "model.connector."))}
        else:
            warm = torch.load(args.warm_start)
        model.load_state_dict(warm, strict=False)
    # flattened: (tokens per frame x text width); per token: text width, heads shared by the 4 tokens
    width = cfg.text_config.hidden_size if args.per_token else 4 * cfg.text_config.hidden_size
    heads = torch.nn.ModuleList([torch.nn.Linear(width, n) for n in (len(WHAT), len(COLOURS), len(SHAPES), TEXT_CLASSES)])
    params = list(model.model.vision_model.parameters()) + list(model.model.connector.parameters()) \
        + list(heads.parameters())
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    os.makedirs(args.out, exist_ok=True)
    log = open(os.path.join(args.out, "pretrain-log.jsonl"), "w")
    g = torch.Generator().manual_seed(args.seed)
    t0 = time.time()

    def losses(px, lab):
        _, feats = model.encode_images(px)  # (n, 4, text width)
        if args.per_token:
            z = feats.flatten(0, 1)  # (n * 4, text width): every token on its own
            lab = lab.repeat_interleave(feats.shape[1], dim=0)  # (n * 4, 4)
        else:
            z = feats.flatten(1)  # (n, 4 * text width)
        return [F.cross_entropy(h(z), lab[:, i], ignore_index=IGNORE) if (lab[:, i] != IGNORE).any()
                else z.sum() * 0 for i, h in enumerate(heads)], z

    for step in range(1, args.steps + 1):
        lr = args.lr * min(1.0, step / 50) * (0.1 + 0.9 * 0.5 * (1 + np.cos(np.pi * step / args.steps)))
        for group in opt.param_groups:
            group["lr"] = lr
        idx = torch.randint(0, len(y), (args.batch,), generator=g)
        loss = sum(losses(x[idx], y[idx])[0])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        if step % 100 == 0 or step == args.steps:
            with torch.no_grad():
                _, z = losses(vx, vy)
                zy = vy.repeat_interleave(z.shape[0] // len(vy), dim=0)  # labels per row of z
                acc = {}
                for i, name in enumerate(["what", "colour", "shape", "text"]):
                    keep = zy[:, i] != IGNORE
                    acc[name] = round(float((heads[i](z[keep]).argmax(-1) == zy[keep, i]).float().mean()), 3)
            rec = {"step": step, "loss": round(float(loss), 4), "lr": lr, "val": acc,
                   "elapsed_s": round(time.time() - t0, 1)}
            print(json.dumps(rec), flush=True)
            log.write(json.dumps(rec) + "\n")
            log.flush()
    state = {k: v for k, v in model.state_dict().items() if k.startswith(("model.vision_model.", "model.connector."))}
    torch.save(state, os.path.join(args.out, "vision.pt.tmp"))
    os.replace(os.path.join(args.out, "vision.pt.tmp"), os.path.join(args.out, "vision.pt"))
    print("done", flush=True)


if __name__ == "__main__":
    main()
