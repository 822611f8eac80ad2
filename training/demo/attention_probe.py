"""Where the answer position looks, for the two attribute templates, teacher-forced and text only (data.text_only):
per layer and head, the mean attention from the position that predicts the answer's first token to five groups of
positions. For "What colour was the X?" the asked word is the shape X, for "What shape was C?" the colour C:

    asked     the asked word where it appears in the given transcript
    before    the token right before it there (for a colour question: the colour of that shape)
    after     the token right after it there (for a shape question: the shape of that colour)
    question  the asked word in the question itself
    other     everything else

    /usr/bin/python3 training/demo/attention_probe.py MODEL_DIR SHARDS [SAMPLES]

A model that reads "What shape was C?" by induction moves C from the question to the answer position (a head
with most of its weight on `question`) and then attends to `after`.
"""
import collections
import json
import os
import re
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from smolvlm import modeling  # noqa: E402
from smolvlm import tokenizer as tk  # noqa: E402
from smolvlm.modeling import load_pretrained  # noqa: E402
from demo.data import TEXT_ONLY_HEADER  # noqa: E402
from demo.train import collate, val_set  # noqa: E402

GROUPS = ["asked", "before", "after", "question", "other"]
TEMPLATES = {"colour": r"What colour was the (\w+)\?", "shape": r"What shape was (\w+)\?"}


def recording(probs_out):
    """A TextAttention.attention_probs that also appends the probabilities (B, heads, L, T) to probs_out."""
    plain = modeling.TextAttention.attention_probs

    def attention_probs(self, q, kk, mask):
        probs = plain(self, q, kk, mask)
        probs_out.append(probs.float())
        return probs
    return attention_probs


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    folder, shards = sys.argv[1], sys.argv[2]
    samples = int(sys.argv[3]) if len(sys.argv) == 4 else 24
    torch.set_num_threads(2)
    probs = []
    modeling.TextAttention.attention_probs = recording(probs)
    model = load_pretrained(folder).eval()
    with open(os.path.join(folder, "tokenizer.json"), encoding="utf-8") as f:
        tok = tk.Tokenizer(json.load(f))
    end_of_turn = tok.token_id("<end_of_utterance>")
    header = tok.encode(TEXT_ONLY_HEADER)
    data = val_set("read:" + shards, header)
    layers = model.config.text_config.num_hidden_layers
    heads = model.config.text_config.num_attention_heads
    mass = collections.defaultdict(lambda: torch.zeros(layers, heads, len(GROUPS)))
    count = collections.Counter()
    for k in range(min(samples, len(data))):
        probs.clear()
        _, ids, labels = collate([data.sample(k)], tok.token_id("<|im_end|>"))
        with torch.no_grad():
            model(ids)
        row = ids[0].tolist()
        transcript_end = row.index(end_of_turn, len(header))
        targets = {p for p in range(len(row)) if labels[0, p] != -100}
        for p in sorted(t for t in targets if t - 1 not in targets):  # first token of each answer
            question = tok.decode(row[:p + 1]).rsplit("User:", 1)[-1]
            for name, rx in TEMPLATES.items():
                m = re.search(rx, question)
                if not m:
                    continue
                word = tok.encode(" " + m.group(1))[0]
                group = torch.full((p + 1,), GROUPS.index("other"))  # over the positions 0..p
                for i in range(transcript_end):
                    if row[i] == word:
                        group[i] = GROUPS.index("asked")
                    elif row[i + 1] == word:
                        group[i] = GROUPS.index("before")
                    elif i > 0 and row[i - 1] == word:
                        group[i] = GROUPS.index("after")
                group[max(i for i in range(p) if row[i] == word)] = GROUPS.index("question")
                for layer, a in enumerate(probs):
                    for g in range(len(GROUPS)):
                        mass[name][layer, :, g] += a[0, :, p, :p + 1][:, group == g].sum(-1)
                count[name] += 1
    for name in TEMPLATES:
        if count[name]:
            print(f"{name} questions ({count[name]}): per layer, per head: " + " ".join(GROUPS))
            a = mass[name] / count[name]
            for layer in range(layers):
                print(f"  L{layer} " + " | ".join(" ".join(f"{a[layer, h, g]:.2f}" for g in range(len(GROUPS)))
                                              for h in range(heads)))


if __name__ == "__main__":
    main()
