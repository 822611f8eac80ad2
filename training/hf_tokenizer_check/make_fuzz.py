"""Writes random strings + the Python tokenizer's ids for check.js:
    /usr/bin/python3 training/hf_tokenizer_check/make_fuzz.py /tmp/fuzz.json"""
import json
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from smolvlm import tokenizer as tk  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
tok = tk.Tokenizer.load(os.path.join(ROOT, "testdata/models/tiny-gqa-f32/tokenizer.json"))
rnd = random.Random(7)
pool = (list("abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789  \n\n\t.,;:!?'\"-_()[]{}<>/|\\$%^&*+=~`@#")
        + ["'s", "'re", "'ll", "<image>", "<end_of_utterance>", "<row_2_col_3>", "<|im_start|>", "é", "東", "🙂",
           "½", "\u00a0", "\u3000", "\u2028", "\x1c", "\r\n", "   ", "<", "image>", "<|", "the", " the",
           "Frame from 00:01:"])
cases = []
for _ in range(3000):
    s = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 40)))
    cases.append({"text": s, "ids": tok.encode(s)})
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump(cases, f)
