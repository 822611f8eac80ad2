"""The demo model's Hugging Face folder: tokenizer (trained here on the Java-written corpus), config, processor
files, chat template, weights. Same file set as training/make_reference.py writes for the tiny checkpoints."""
import json
import os
import shutil
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from smolvlm import safetensors_io as st  # noqa: E402
from smolvlm import tokenizer as tk  # noqa: E402
from smolvlm.chat_template import CHAT_TEMPLATE  # noqa: E402
from smolvlm.config import SmolVLMConfig, TextConfig, VisionConfig  # noqa: E402

NUM_MERGES = 600


def demo_config(vocab: int, image_token_id: int, arch: dict) -> SmolVLMConfig:
    """The demo architecture; `arch` overrides (see train.py --arch)."""
    a = dict(v_hidden=64, v_inter=256, v_layers=2, v_heads=4, image=32, patch=4, scale=4,
             t_hidden=128, t_inter=384, t_layers=3, t_heads=4, t_kv=2, max_pos=2048)
    a.update(arch)
    return SmolVLMConfig(
        vision_config=VisionConfig(hidden_size=a["v_hidden"], intermediate_size=a["v_inter"],
                                   num_hidden_layers=a["v_layers"], num_attention_heads=a["v_heads"],
                                   image_size=a["image"], patch_size=a["patch"]),
        text_config=TextConfig(hidden_size=a["t_hidden"], intermediate_size=a["t_inter"],
                               num_hidden_layers=a["t_layers"], num_attention_heads=a["t_heads"],
                               num_key_value_heads=a["t_kv"], rms_norm_eps=1e-5, rope_theta=10000.0,
                               vocab_size=vocab, max_position_embeddings=a["max_pos"]),
        scale_factor=a["scale"], image_token_id=image_token_id, tie_word_embeddings=False)


def train_tokenizer(corpus_path: str) -> dict:
    with open(corpus_path, encoding="utf-8") as f:
        corpus = f.read()
    return tk.build_tokenizer_json(tk.train_bpe(corpus, NUM_MERGES))


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False)
        f.write("\n")


def write_folder(folder: str, cfg: SmolVLMConfig, tj: dict, state_dict=None):
    """Writes every file of the model folder into a temp folder, then swaps it in (nothing half-written)."""
    tmp = folder.rstrip("/") + ".tmp"
    if os.path.exists(tmp):
        shutil.rmtree(tmp)
    os.makedirs(tmp)
    tok = tk.Tokenizer(tj)
    write_json(os.path.join(tmp, "config.json"), cfg.to_dict())
    if state_dict is not None:
        st.save_file({k: v.detach().float().contiguous() for k, v in state_dict.items()},
                     os.path.join(tmp, "model.safetensors"))
    write_json(os.path.join(tmp, "tokenizer.json"), tj)
    eou = tok.token_id("<end_of_utterance>")
    specials = tk.TAIL_SPECIALS
    write_json(os.path.join(tmp, "tokenizer_config.json"), {
        "add_prefix_space": False, "added_tokens_decoder": {
            str(t["id"]): {k: v for k, v in t.items() if k != "id"} for t in tj["added_tokens"]},
        "additional_special_tokens": specials, "bos_token": "<|im_start|>", "clean_up_tokenization_spaces": False,
        "eos_token": "<end_of_utterance>", "extra_special_tokens": {
            "end_of_utterance_token": "<end_of_utterance>", "fake_image_token": "<fake_token_around_image>",
            "global_image_token": "<global-img>", "image_token": "<image>"},
        "legacy": False, "model_max_length": cfg.text_config.max_position_embeddings,
        "pad_token": "<|im_end|>", "processor_class": "SmolVLMProcessor",
        "tokenizer_class": "GPT2Tokenizer", "unk_token": "<|endoftext|>", "vocab_size": len(tok)})
    write_json(os.path.join(tmp, "special_tokens_map.json"), {
        "additional_special_tokens": specials, "bos_token": "<|im_start|>", "eos_token": "<end_of_utterance>",
        "pad_token": "<|im_end|>", "unk_token": "<|endoftext|>"})
    write_json(os.path.join(tmp, "generation_config.json"), {
        "bos_token_id": tok.token_id("<|endoftext|>"), "eos_token_id": eou,
        "pad_token_id": tok.token_id("<|im_end|>"), "max_new_tokens": 64})
    write_json(os.path.join(tmp, "chat_template.json"), {"chat_template": CHAT_TEMPLATE})
    m = cfg.vision_config.image_size
    write_json(os.path.join(tmp, "preprocessor_config.json"), {
        "do_convert_rgb": True, "do_image_splitting": False, "do_normalize": True, "do_pad": True,
        "do_rescale": True, "do_resize": True, "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5],
        "image_processor_type": "SmolVLMImageProcessorFast", "max_image_size": {"longest_edge": m},
        "processor_class": "SmolVLMProcessor", "resample": 3, "rescale_factor": 1 / 255,
        "size": {"longest_edge": m},
        "video_sampling": {"fps": 1, "max_frames": 64, "video_size": {"longest_edge": m}}})
    write_json(os.path.join(tmp, "processor_config.json"),
               {"image_seq_len": cfg.image_seq_len, "processor_class": "SmolVLMProcessor"})
    if os.path.exists(folder):
        old = folder.rstrip("/") + ".old"
        if os.path.exists(old):
            shutil.rmtree(old)
        os.rename(folder, old)
        os.rename(tmp, folder)
        shutil.rmtree(old)
    else:
        os.makedirs(os.path.dirname(os.path.abspath(folder)), exist_ok=True)
        os.rename(tmp, folder)


def main():
    """python3 training/demo/folder.py CORPUS OUT_FOLDER: tokenizer + config files, no weights yet."""
    import argparse
    p = argparse.ArgumentParser()
    p.add_argument("corpus")
    p.add_argument("out")
    args = p.parse_args()
    tj = train_tokenizer(args.corpus)
    tok = tk.Tokenizer(tj)
    cfg = demo_config(len(tok), tok.token_id("<image>"), {})
    write_folder(args.out, cfg, tj)
    print(f"{args.out}: vocab {len(tok)}, image_seq_len {cfg.image_seq_len}")


if __name__ == "__main__":
    main()
