"""Teacher-forced accuracy of a model folder on shard folders (what train.py logs at checkpoints):
answers (spans of at most 3 tokens) and transcripts (longer spans), each exact match.

    /usr/bin/python3 training/demo/val_accuracy.py MODEL_DIR SHARDS [SHARDS...] [--blind | --read]

--blind: transcript-first samples with black frames and the transcript given (data.blind): how well the model
reads answers off a correct transcript. --read: the same without the video at all (data.text_only).
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from smolvlm import tokenizer as tk  # noqa: E402
from smolvlm.modeling import load_pretrained  # noqa: E402
from demo.data import TEXT_ONLY_HEADER  # noqa: E402
from demo import fast_attention  # noqa: E402
from demo.train import evaluate, val_set  # noqa: E402


def main():
    args = [a for a in sys.argv[1:] if a not in ("--blind", "--read")]
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


if __name__ == "__main__":
    main()
