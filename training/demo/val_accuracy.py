"""Teacher-forced accuracy of a model folder on shard folders (what train.py logs at checkpoints):
answers (spans of at most 3 tokens) and transcripts (longer spans), each exact match.

    /usr/bin/python3 training/demo/val_accuracy.py MODEL_DIR SHARDS [SHARDS...] [--blind | --read] [--by-template]

--blind: transcript-first samples with black frames and the transcript given (data.blind): how well the model
reads answers off a correct transcript. --read: the same without the video at all (data.text_only).
--by-template: the answer accuracy per question template too (read_descriptions.FORMS; needle questions and
"What shape was C?" are one template each).
"""
import collections
import re
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from smolvlm import tokenizer as tk  # noqa: E402
from smolvlm.modeling import load_pretrained  # noqa: E402
from demo.data import TEXT_ONLY_HEADER  # noqa: E402
from demo import fast_attention  # noqa: E402
from demo.train import evaluate, scored_spans, val_set  # noqa: E402
from demo.read_descriptions import FORMS  # noqa: E402

TEMPLATES = [t for forms in FORMS.values() for t in forms] + [("What KIND was shown on the card?", r"What \w+ was shown")]


def template(question):
    return next((name for name, rx in TEMPLATES if re.match(rx, question)), "other")


def by_template(model, val, pad_id, tok, batch=16):
    """template -> [right, total] over the answer spans (at most 3 tokens), teacher-forced, exact match; the
    question is the text of the user turn before the answer."""
    out = collections.defaultdict(lambda: [0, 0])
    for ids, sp, ok in scored_spans(model, val, pad_id, batch):
        if len(sp) > 3:
            continue
        before = tok.decode(ids[:sp[0] + 1].tolist())
        question = before.rsplit("User:", 1)[-1].split("<end_of_utterance>")[0].strip()
        acc = out[template(question)]
        acc[0] += ok
        acc[1] += 1
    return dict(out)


def main():
    args = [a for a in sys.argv[1:] if a not in ("--blind", "--read", "--by-template")]
    blinded, read = "--blind" in sys.argv, "--read" in sys.argv
    if len(args) < 2 or (blinded and read):
        sys.exit(__doc__)
    torch.set_num_threads(2)
    fast_attention.install()
    model = load_pretrained(args[0])
    with open(os.path.join(args[0], "tokenizer.json"), encoding="utf-8") as f:
        tok = tk.Tokenizer(json.load(f))
    pad_id = tok.token_id("<|im_end|>")
    for folder in args[1:]:
        data = val_set(("blind:" if blinded else "read:" if read else "") + folder, tok.encode(TEXT_ONLY_HEADER))
        qa, tr = evaluate(model, data, pad_id)
        print(json.dumps({"model": args[0], "set": folder, "blind": blinded, "read": read, "answer_acc": round(qa, 4),
                          "transcript_acc": round(tr, 4)}))
        if "--by-template" in sys.argv:
            for name, (r, n) in sorted(by_template(model, data, pad_id, tok).items()):
                print(f"  {name:44s} {100 * r / n:5.1f}%  ({n} answers)")


if __name__ == "__main__":
    main()
