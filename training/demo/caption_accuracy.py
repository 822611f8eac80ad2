"""Teacher-forced accuracy of each part of single-frame captions ("00:01 red triangle", "00:05 digit card 7"):
colour, shape, card kind and card text, on a held-out single-frame shard folder.

    /usr/bin/python3 training/demo/caption_accuracy.py MODEL_DIR data/demo/val-single
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from smolvlm import tokenizer as tk  # noqa: E402
from smolvlm.modeling import load_pretrained  # noqa: E402
from demo.data import ShardSet, collate  # noqa: E402
from demo.train import loss_fn  # noqa: E402
from demo.pretrain_vision import COLOURS, SHAPES  # noqa: E402

TIME_TOKENS = 6  # " ", "0", "0", ":", "0", "7": the timestamp before the words


def part_of(word: str, after_card: bool) -> str:
    if after_card:
        return "card text"
    return "colour" if word in COLOURS else "shape" if word in SHAPES else "card kind"


def main():
    folder, shards = sys.argv[1], sys.argv[2]
    torch.set_num_threads(1)
    with open(os.path.join(folder, "tokenizer.json"), encoding="utf-8") as f:
        tok = tk.Tokenizer(json.load(f))
    model = load_pretrained(folder)
    model.eval()
    data = ShardSet([shards])
    pad = tok.token_id("<|im_end|>")
    stats = {}
    with torch.no_grad():
        for b in range(0, len(data), 32):
            px, ids, labels = collate([data.sample(k) for k in range(b, min(len(data), b + 32))], pad)
            _, logits, keep = loss_fn(model, px, ids, labels)
            pred, gold, at = logits.argmax(-1).tolist(), labels[keep].tolist(), 0
            for row in range(labels.shape[0]):
                n = int((labels[row] != -100).sum())
                g, p = gold[at:at + n], pred[at:at + n]
                at += n
                after_card = False
                for j in range(TIME_TOKENS, n - 1):  # the last target is <end_of_utterance>
                    word = tok.decode([g[j]]).strip()
                    if not word:
                        continue
                    acc = stats.setdefault(part_of(word, after_card), [0, 0])
                    acc[0] += p[j] == g[j]
                    acc[1] += 1
                    after_card |= word == "card"
    print(json.dumps({k: {"accuracy": round(v[0] / v[1], 3), "tokens": v[1]} for k, v in sorted(stats.items())}))


if __name__ == "__main__":
    main()
