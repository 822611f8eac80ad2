"""Writes testdata/demo/prompts.json: video prompts rendered and tokenised by the Python reference
(smolvlm/processor.py render_chat + expand_prompt, smolvlm/tokenizer.py) with the demo model's tokenizer, so
the Java prompt builder and tokenizer can be checked against them (DemoTokenizerParityTest).

python3 training/demo/golden.py models/demo testdata/demo/prompts.json"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from smolvlm import processor as pp  # noqa: E402
from smolvlm import tokenizer as tk  # noqa: E402


def user(text, video=False):
    content = ([{"type": "video"}] if video else []) + [{"type": "text", "text": text}]
    return {"role": "user", "content": content}


def assistant(text):
    return {"role": "assistant", "content": [{"type": "text", "text": text}]}


CASES = [
    ("ask_t16", [user("What colour was the star?", True)], 16, True),
    ("ask_t64", [user("What word was shown on the card?", True)], 64, True),
    ("train_t4", [user("What digit was shown on the card?", True), assistant("7"),
                  user("How many times did a cross appear?"), assistant("2"),
                  user("Describe the video."), assistant("00:00 nothing\n00:01 digit card 7\n00:03 red cross")],
     4, False),
    ("odd_text", [user("Was the BOX there? ÄÖ 12:34 — multiple   spaces\tand tabs!", True)], 2, True),
]


def main():
    model, out = sys.argv[1], sys.argv[2]
    tok = tk.Tokenizer.load(os.path.join(model, "tokenizer.json"))
    with open(os.path.join(model, "chat_template.json"), encoding="utf-8") as f:
        template = json.load(f)["chat_template"]
    with open(os.path.join(model, "processor_config.json"), encoding="utf-8") as f:
        seq = json.load(f)["image_seq_len"]
    cases = []
    for name, messages, frames, gen in CASES:
        times = [float(t) for t in range(frames)]
        text = pp.expand_prompt(pp.render_chat(template, messages, gen), seq, video=(times, float(frames)))
        cases.append({"name": name, "messages": messages, "timestamps": times, "duration": float(frames),
                      "add_generation_prompt": gen, "text": text, "ids": tok.encode(text)})
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(cases, f, ensure_ascii=False)
        f.write("\n")
    print(f"{out}: {len(cases)} cases")


if __name__ == "__main__":
    main()
