"""What one attention head does for "What colour was the X?", teacher-forced and text only (data.text_only), on
the first SAMPLES samples of SHARDS: its attention mass at the answer on X where X follows a colour in the
transcript (train.colour_lookups, the target of train.py --attend-asked), and a logit lens on its own output there
(its slice of o_proj, the final norm, the LM head; train.copy_loss): how often the right colour is the top colour
and the mean cross-entropy over the whole vocabulary.

    /usr/bin/python3 training/demo/head_lens.py MODEL_DIR SHARDS LAYER HEAD [SAMPLES]
"""
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from smolvlm import tokenizer as tk  # noqa: E402
from smolvlm.modeling import load_pretrained  # noqa: E402
from demo import fast_attention, train  # noqa: E402
from demo.data import TEXT_ONLY_HEADER, collate  # noqa: E402


def main():
    if len(sys.argv) not in (5, 6):
        sys.exit(__doc__)
    folder, shards, layer, head = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    samples = int(sys.argv[5]) if len(sys.argv) == 6 else 200
    torch.set_num_threads(2)
    fast_attention.install()
    model = load_pretrained(folder).eval()
    with open(os.path.join(folder, "tokenizer.json"), encoding="utf-8") as f:
        tok = tk.Tokenizer(json.load(f))
    colour_ids = train.colour_ids(tok)
    data = train.val_set("read:" + shards, tok.encode(TEXT_ONLY_HEADER))
    attention = model.model.text_model.layers[layer].self_attn
    fast_attention.watch(attention)
    n = right = 0
    mass = ce = 0.0
    for k in range(min(samples, len(data))):
        px, ids, labels = collate([data.sample(k)], tok.token_id("<|im_end|>"))
        with torch.no_grad():
            train.loss_fn(model, px, ids, labels)
            targets = set(np.flatnonzero(labels[0].numpy() != -100).tolist())
            lookups = [train.colour_lookups(ids[0].tolist(), targets, tok, set(colour_ids))]
            for p, keys in lookups[0]:
                mass += float(attention.last_probs[0, head, p, keys].sum())
                logits = train.head_lens(model, attention, 0, p, head)  # (vocab,)
                right += colour_ids[int(logits[colour_ids].argmax())] == int(labels[0, p])
                ce += float(torch.nn.functional.cross_entropy(logits[None], labels[0, p][None]))
                n += 1
    if n == 0:
        sys.exit(f"{shards}: no \"What colour was the X?\" answer after a transcript in the first {samples} samples")
    print(f"layer {layer} head {head}, {n} colour questions: attention on the asked shape {mass / n:.3f}, "
          f"its output names the right colour {right / n:.1%} (cross-entropy {ce / n:.3f})")


if __name__ == "__main__":
    main()
