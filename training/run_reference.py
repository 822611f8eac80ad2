"""Runs the PyTorch reference on a checkpoint folder for an ad-hoc prompt (e.g. to make an extra golden).

    /usr/bin/python3 training/run_reference.py --model testdata/models/tiny-gqa-f32 \
        --image testdata/images/house_40x30.png --text "What is this?" [--max-new-tokens 32] [--stop-at-eos]
    /usr/bin/python3 training/run_reference.py --model ... --frames f0.png f1.png --fps 1 --duration 2.5 --text "..."

Prints JSON: prompt_text, prompt_ids, generated_ids, generated_text.
"""
import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from smolvlm import processor as pp  # noqa: E402
from smolvlm import tokenizer as tk  # noqa: E402
from smolvlm.modeling import load_pretrained  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description="SmolVLM PyTorch reference: prompt -> greedy ids")
    ap.add_argument("--model", required=True, help="checkpoint folder (HF layout)")
    ap.add_argument("--image", action="append", default=[], help="image file; repeat for several (placed first)")
    ap.add_argument("--frames", nargs="*", default=[], help="video frame images, in time order")
    ap.add_argument("--fps", type=float, default=1.0, help="frame i is at i / fps seconds")
    ap.add_argument("--duration", type=float, default=None, help="video length in seconds (default frames/fps)")
    ap.add_argument("--text", required=True)
    ap.add_argument("--splitting", choices=["config", "on", "off"], default="config")
    ap.add_argument("--max-new-tokens", type=int, default=32)
    ap.add_argument("--stop-at-eos", action="store_true", help="stop at generation_config eos_token_id")
    a = ap.parse_args()
    if a.image and a.frames:
        ap.error("give --image or --frames, not both")

    torch.set_num_threads(1)
    model = load_pretrained(a.model)
    tok = tk.Tokenizer.load(os.path.join(a.model, "tokenizer.json"))
    with open(os.path.join(a.model, "chat_template.json")) as f:
        template = json.load(f)["chat_template"]
    with open(os.path.join(a.model, "generation_config.json")) as f:
        eos = json.load(f)["eos_token_id"]
    pcfg = pp.ProcessorConfig.load(os.path.join(a.model, "preprocessor_config.json"))
    pcfg.image_seq_len = model.config.image_seq_len
    if a.splitting != "config":
        pcfg.do_image_splitting = a.splitting == "on"

    content = [{"type": "image"} for _ in a.image] + ([{"type": "video"}] if a.frames else [])
    content.append({"type": "text", "text": a.text})
    text = pp.render_chat(template, [{"role": "user", "content": content}])
    pixel, splits = [], []
    if a.frames:
        stamps = [i / a.fps for i in range(len(a.frames))]
        duration = a.duration if a.duration is not None else len(a.frames) / a.fps
        pixel = [pp.process_frame(pp.load_image(f), pcfg)[None] for f in a.frames]
        prompt = pp.expand_prompt(text, pcfg.image_seq_len, video=(stamps, duration))
    else:
        for f in a.image:
            pv, rows, cols = pp.process_image(pp.load_image(f), pcfg)
            pixel.append(pv)
            splits.append((rows, cols))
        prompt = pp.expand_prompt(text, pcfg.image_seq_len, image_splits=splits)
    ids = tok.encode(prompt)
    pixel_values = torch.cat(pixel) if pixel else None
    gen, _ = model.greedy(torch.tensor([ids]), pixel_values, a.max_new_tokens,
                          stop_ids=(eos,) if a.stop_at_eos else ())
    print(json.dumps({"prompt_text": prompt, "prompt_ids": ids, "generated_ids": gen,
                      "generated_text": tok.decode(gen)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
