"""Regenerates the tiny SmolVLM checkpoints, test images and goldens (deterministic; see training/README.md).

    cd <repo root> && /usr/bin/python3 training/make_reference.py

Writes testdata/images/*.png, testdata/models/<name>/ and testdata/goldens/<name>/<case>.{json,safetensors}.
"""
import json
import os
import shutil
import sys

import numpy as np
import torch
from PIL import Image, ImageDraw

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from smolvlm import safetensors_io as st  # noqa: E402
from smolvlm import tokenizer as tk  # noqa: E402
from smolvlm.chat_template import CHAT_TEMPLATE  # noqa: E402
from smolvlm.config import SmolVLMConfig, TextConfig, VisionConfig  # noqa: E402
from smolvlm.modeling import SmolVLMForConditionalGeneration  # noqa: E402
from smolvlm import processor as pp  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTDATA = os.path.join(ROOT, "testdata")
NUM_MERGES = 300
MAX_NEW_TOKENS = 32
torch.set_num_threads(1)  # same reduction order on every run


# ------------------------------------------------------------------------------------------- images
def make_images():
    """Small non-square PNGs with recognisable content (so resizing and aspect handling are exercised)."""
    out = os.path.join(TESTDATA, "images")
    os.makedirs(out, exist_ok=True)
    # 40x30 landscape: sky, sun, grass, red house
    im = Image.new("RGB", (40, 30), (110, 170, 235))
    d = ImageDraw.Draw(im)
    d.rectangle([0, 20, 39, 29], fill=(40, 150, 50))
    d.ellipse([29, 2, 37, 10], fill=(250, 220, 40))
    d.rectangle([8, 12, 20, 22], fill=(200, 40, 40))
    d.polygon([(6, 12), (14, 5), (22, 12)], fill=(120, 60, 30))
    d.rectangle([12, 16, 15, 22], fill=(60, 30, 10))
    im.save(os.path.join(out, "house_40x30.png"))
    # 24x48 portrait: a tree (brown trunk, green crown) on white with a black ground line
    im = Image.new("RGB", (24, 48), (245, 245, 245))
    d = ImageDraw.Draw(im)
    d.rectangle([10, 28, 13, 44], fill=(110, 70, 30))
    d.ellipse([3, 4, 20, 30], fill=(30, 140, 40))
    d.line([0, 45, 23, 45], fill=(0, 0, 0), width=2)
    im.save(os.path.join(out, "tree_24x48.png"))
    # 4 video frames 48x36: a blue square moving left to right over a gradient
    grad = np.zeros((36, 48, 3), dtype=np.uint8)
    grad[..., 0] = np.linspace(30, 220, 48, dtype=np.uint8)[None, :]
    grad[..., 1] = np.linspace(200, 60, 36, dtype=np.uint8)[:, None]
    grad[..., 2] = 90
    for i in range(4):
        im = Image.fromarray(grad.copy())
        d = ImageDraw.Draw(im)
        x = 4 + 12 * i
        d.rectangle([x, 12, x + 9, 21], fill=(20, 30, 200))
        im.save(os.path.join(out, f"video_frame{i}_48x36.png"))


# ---------------------------------------------------------------------------------------- tokenizer
def make_tokenizer():
    with open(os.path.join(ROOT, "training", "tokenizer_corpus.txt"), encoding="utf-8") as f:
        corpus = f.read()
    return tk.build_tokenizer_json(tk.train_bpe(corpus, NUM_MERGES))


# ------------------------------------------------------------------------------------------- models
def model_configs(vocab: int, image_token_id: int):
    """name -> (config, seed, omitted vision keys, omitted text keys, weight dtype, shards)."""
    v_small = VisionConfig(hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
                           image_size=32, patch_size=8)
    gqa = SmolVLMConfig(
        vision_config=v_small,
        text_config=TextConfig(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                               num_key_value_heads=2, rms_norm_eps=1e-5, rope_theta=100000.0, vocab_size=vocab,
                               max_position_embeddings=8192),
        scale_factor=2, image_token_id=image_token_id, tie_word_embeddings=False)
    # MHA: different vision width/heads, patch 4 with scale_factor 4 (64 patches -> 4 tokens), 3 text layers,
    # and no rope_theta key (HF default 10000 must apply)
    mha = SmolVLMConfig(
        vision_config=VisionConfig(hidden_size=32, intermediate_size=48, num_hidden_layers=2, num_attention_heads=2,
                                   image_size=32, patch_size=4),
        text_config=TextConfig(hidden_size=64, intermediate_size=96, num_hidden_layers=3, num_attention_heads=4,
                               num_key_value_heads=4, rms_norm_eps=1e-5, vocab_size=vocab,
                               max_position_embeddings=8192),
        scale_factor=4, image_token_id=image_token_id, tie_word_embeddings=False)
    sharded = SmolVLMConfig(
        vision_config=v_small,
        text_config=TextConfig(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                               num_key_value_heads=1, rms_norm_eps=1e-5, rope_theta=100000.0, vocab_size=vocab,
                               max_position_embeddings=8192),
        scale_factor=2, image_token_id=image_token_id, tie_word_embeddings=True)
    omit_v = ("hidden_act", "layer_norm_eps", "num_channels")
    return {
        "tiny-gqa-f32": (gqa, 1001, omit_v, (), torch.float32, 0),
        "tiny-gqa-bf16": (gqa, 1001, omit_v, (), torch.bfloat16, 0),
        "tiny-mha-f32": (mha, 2002, omit_v, ("rope_theta", "head_dim"), torch.float32, 0),
        "tiny-sharded-f32": (sharded, 3003, omit_v, (), torch.float32, 2),
    }


def init_weights(model: torch.nn.Module, seed: int, residual_gain: float = 1.0):
    """Random init with scales that keep activations O(1) and logits spread (so greedy ids vary).

    residual_gain scales o_proj/down_proj: a tied head needs the layers to outweigh the token's own embedding,
    otherwise greedy decoding just repeats the current token."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in sorted(model.named_parameters()):
            if name.endswith("norm.weight") or "layernorm" in name or "layer_norm" in name:
                if name.endswith("weight"):
                    p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=g))
                else:
                    p.copy_(0.1 * torch.randn(p.shape, generator=g))
            elif name.endswith("bias"):
                p.copy_(0.1 * torch.randn(p.shape, generator=g))
            elif "embed_tokens" in name:
                p.copy_(torch.randn(p.shape, generator=g))
            elif "position_embedding" in name:
                p.copy_(0.5 * torch.randn(p.shape, generator=g))
            elif name == "lm_head.weight":
                p.copy_(3.0 / p.shape[1] ** 0.5 * torch.randn(p.shape, generator=g))
            else:  # Linear / Conv2d weights: fan_in scaling
                fan_in = p[0].numel()
                gain = residual_gain if ("o_proj" in name or "down_proj" in name) else 1.0
                p.copy_(gain / fan_in ** 0.5 * torch.randn(p.shape, generator=g))


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False)
        f.write("\n")


def processor_files(cfg: SmolVLMConfig, splitting: bool):
    m = cfg.vision_config.image_size
    pre = {
        "do_convert_rgb": True, "do_image_splitting": splitting, "do_normalize": True, "do_pad": True,
        "do_rescale": True, "do_resize": True, "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5],
        "image_processor_type": "SmolVLMImageProcessorFast", "max_image_size": {"longest_edge": m},
        "processor_class": "SmolVLMProcessor", "resample": 3, "rescale_factor": 1 / 255,
        "size": {"longest_edge": 2 * m},
        "video_sampling": {"fps": 1, "max_frames": 64, "video_size": {"longest_edge": m}},
    }
    proc = {"image_seq_len": cfg.image_seq_len, "processor_class": "SmolVLMProcessor"}
    return pre, proc


def write_checkpoint(name, cfg, seed, omit_v, omit_t, dtype, shards, tj):
    folder = os.path.join(TESTDATA, "models", name)
    if os.path.exists(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    torch.manual_seed(seed)
    model = SmolVLMForConditionalGeneration(cfg)
    init_weights(model, seed, residual_gain=10.0 if cfg.tie_word_embeddings else 1.0)
    tensors = {k: v.detach().to(dtype).contiguous() for k, v in model.state_dict().items()}
    if dtype != torch.float32:  # the reference runs in f32 on the rounded weights
        model.load_state_dict({k: v.float() for k, v in tensors.items()})
    conf = cfg.to_dict(omit_vision=omit_v, omit_text=omit_t)
    conf["torch_dtype"] = {torch.float32: "float32", torch.bfloat16: "bfloat16"}[dtype]
    write_json(os.path.join(folder, "config.json"), conf)
    if shards:
        st.save_sharded(tensors, folder, shards)
    else:
        st.save_file(tensors, os.path.join(folder, "model.safetensors"))
    tok = tk.Tokenizer(tj)
    write_json(os.path.join(folder, "tokenizer.json"), tj)
    eou = tok.token_id("<end_of_utterance>")
    specials = tk.TAIL_SPECIALS
    write_json(os.path.join(folder, "tokenizer_config.json"), {
        "add_prefix_space": False, "added_tokens_decoder": {
            str(t["id"]): {k: v for k, v in t.items() if k != "id"} for t in tj["added_tokens"]},
        "additional_special_tokens": specials, "bos_token": "<|im_start|>", "clean_up_tokenization_spaces": False,
        "eos_token": "<end_of_utterance>", "extra_special_tokens": {
            "end_of_utterance_token": "<end_of_utterance>", "fake_image_token": "<fake_token_around_image>",
            "global_image_token": "<global-img>", "image_token": "<image>"},
        "legacy": False, "model_max_length": 8192, "pad_token": "<|im_end|>", "processor_class": "SmolVLMProcessor",
        "tokenizer_class": "GPT2Tokenizer", "unk_token": "<|endoftext|>", "vocab_size": len(tok)})
    write_json(os.path.join(folder, "special_tokens_map.json"), {
        "additional_special_tokens": specials, "bos_token": "<|im_start|>", "eos_token": "<end_of_utterance>",
        "pad_token": "<|im_end|>", "unk_token": "<|endoftext|>"})
    write_json(os.path.join(folder, "generation_config.json"), {
        "bos_token_id": tok.token_id("<|endoftext|>"), "eos_token_id": eou, "pad_token_id": tok.token_id("<|im_end|>")})
    write_json(os.path.join(folder, "chat_template.json"), {"chat_template": CHAT_TEMPLATE})
    pre, proc = processor_files(cfg, False)
    write_json(os.path.join(folder, "preprocessor_config.json"), pre)
    write_json(os.path.join(folder, "processor_config.json"), proc)
    model.eval()
    return model, folder


# -------------------------------------------------------------------------------------------- goldens
IMG_LAND = "testdata/images/house_40x30.png"
IMG_PORT = "testdata/images/tree_24x48.png"
FRAMES = [f"testdata/images/video_frame{i}_48x36.png" for i in range(4)]


def cases():
    return {
        "image": {"images": [IMG_LAND], "messages": [{"role": "user", "content": [
            {"type": "image"}, {"type": "text", "text": "What is in this image? Describe it in 12 words."}]}]},
        "two_images": {"images": [IMG_LAND, IMG_PORT], "messages": [{"role": "user", "content": [
            {"type": "text", "text": "Compare these two pictures: "}, {"type": "image"},
            {"type": "text", "text": " and "}, {"type": "image"},
            {"type": "text", "text": "\nWhich one is taller?"}]}]},
        "text_only": {"images": [], "messages": [
            {"role": "user", "content": [{"type": "text", "text": "Hello! How many legs does a cat have?"}]},
            {"role": "assistant", "content": [{"type": "text", "text": " A cat has 4 legs."}]},
            {"role": "user", "content": [{"type": "text", "text": "And a bird? Answer in 2025 style,  with   spaces."}]}]},
    }


EXTRA_CASES = {
    "video": {"images": FRAMES, "video": {"timestamps": [0.0, 1.0, 2.0, 3.0], "duration": 4.2, "fps": 1.0},
              "messages": [{"role": "user", "content": [
                  {"type": "video"}, {"type": "text", "text": "What is happening in this video?"}]}]},
    "two_images_split": {"images": [IMG_LAND, IMG_PORT], "do_image_splitting": True, "messages": [
        {"role": "user", "content": [{"type": "image"}, {"type": "image"},
                                     {"type": "text", "text": "What do you see in these images?"}]}]},
}

TOKENIZER_CASES = [
    "Hello world",
    "The year 2025 had 365 days, and 3.14 is pi.",
    "  leading spaces and trailing spaces   ",
    "line one\nline two\n\n\ttabbed",
    "It's what they're saying: we've, I'm, you'll, he'd.",
    "User:<image><image>What?<end_of_utterance>\nAssistant:",
    "<|im_start|>system<|im_end|><row_1_col_2><row_6_col_6><global-img><fake_token_around_image>",
    "unicode: café naïve 東京 🙂 ½ ²",
    "<image text with < and > and <imag> <|im_start|",
    "",
]


def run_case(model, model_folder, tok, cfg, case_name, case, out_dir):
    splitting = case.get("do_image_splitting", False)
    pre, _ = processor_files(cfg, splitting)
    pcfg = pp.ProcessorConfig(image_seq_len=cfg.image_seq_len, longest_edge=pre["size"]["longest_edge"],
                              max_image_size=pre["max_image_size"]["longest_edge"],
                              video_longest_edge=pre["video_sampling"]["video_size"]["longest_edge"],
                              do_image_splitting=splitting)
    text = pp.render_chat(CHAT_TEMPLATE, case["messages"], add_generation_prompt=True)
    pixel, splits = [], []
    if "video" in case:
        for f in case["images"]:
            pixel.append(pp.process_frame(pp.load_image(os.path.join(ROOT, f)), pcfg)[None])
        prompt = pp.expand_prompt(text, cfg.image_seq_len,
                                  video=(case["video"]["timestamps"], case["video"]["duration"]))
    else:
        for f in case["images"]:
            pv, rows, cols = pp.process_image(pp.load_image(os.path.join(ROOT, f)), pcfg)
            pixel.append(pv)
            splits.append([rows, cols])
        prompt = pp.expand_prompt(text, cfg.image_seq_len, image_splits=splits)
    ids = tok.encode(prompt)
    input_ids = torch.tensor([ids])
    tensors = {}
    with torch.no_grad():
        pixel_values = torch.cat(pixel) if pixel else None
        if pixel_values is not None:
            vh, feats = model.encode_images(pixel_values)
            tensors.update(pixel_values=pixel_values, vision_hidden=vh, image_features=feats)
        out = model(input_ids, pixel_values)
        prompt_logits = out["logits"][0]
        gen, step_logits = model.greedy(input_ids, pixel_values, MAX_NEW_TOKENS, stop_ids=())
    tensors.update(prompt_logits=prompt_logits, step_logits=step_logits)
    top2 = torch.topk(step_logits, 2, dim=-1).values
    margin = float((top2[:, 0] - top2[:, 1]).min())
    eou = tok.token_id("<end_of_utterance>")
    golden = {
        "model": os.path.relpath(model_folder, ROOT),
        "images": case["images"],
        "messages": case["messages"],
        "do_image_splitting": splitting,
        "image_splits": splits,  # per image [rows, cols]; [0, 0] = single M x M image
        "pixel_values_per_image": [int(p.shape[0]) for p in pixel],
        "prompt_text": prompt,
        "prompt_ids": ids,
        "generated_ids": gen,
        "generated_text": tok.decode(gen),
        "max_new_tokens": MAX_NEW_TOKENS,
        "min_step_top2_margin": margin,  # smallest (best - second best) step logit gap: how fragile argmax is
        "stop_ids": [eou],
        "stop_ids_ignored": True,
        "processor_variant": pp.PROCESSOR_VARIANT,
        "compute": "float32 on CPU, weights as stored (bf16 weights widened to f32), torch.set_num_threads(1)",
        "torch_version": torch.__version__,
        "tokenizer_cases": [{"text": t, "ids": tok.encode(t)} for t in TOKENIZER_CASES],
    }
    if "video" in case:
        golden["video"] = case["video"]
    os.makedirs(out_dir, exist_ok=True)
    write_json(os.path.join(out_dir, case_name + ".json"), golden)
    st.save_file({k: v.float().contiguous() for k, v in tensors.items()},
                 os.path.join(out_dir, case_name + ".safetensors"))
    return gen, margin


def main():
    make_images()
    tj = make_tokenizer()
    tok = tk.Tokenizer(tj)
    image_token_id = tok.token_id("<image>")
    goldens_root = os.path.join(TESTDATA, "goldens")
    if os.path.exists(goldens_root):
        shutil.rmtree(goldens_root)
    for name, (cfg, seed, omit_v, omit_t, dtype, shards) in model_configs(len(tok), image_token_id).items():
        model, folder = write_checkpoint(name, cfg, seed, omit_v, omit_t, dtype, shards, tj)
        all_cases = dict(cases())
        if name == "tiny-gqa-f32":
            all_cases.update(EXTRA_CASES)
        for cname, case in all_cases.items():
            gen, margin = run_case(model, folder, tok, cfg, cname, case, os.path.join(goldens_root, name))
            print(f"{name}/{cname}: {len(set(gen))} distinct of {len(gen)}, min top-2 margin {margin:.4f}")


if __name__ == "__main__":
    main()
