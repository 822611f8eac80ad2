"""Self-checks of the PyTorch reference. Run from training/:  /usr/bin/python3 -m unittest test_reference -v"""
import os
import sys
import tempfile
import unittest

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from smolvlm import processor as pp  # noqa: E402
from smolvlm import safetensors_io as st  # noqa: E402
from smolvlm import tokenizer as tk  # noqa: E402
from smolvlm.config import SmolVLMConfig, TextConfig, VisionConfig  # noqa: E402
from smolvlm.modeling import SmolVLMForConditionalGeneration, pixel_shuffle  # noqa: E402


def tiny_model(seed=0, tie=False, kv=2):
    torch.manual_seed(seed)
    cfg = SmolVLMConfig(
        vision_config=VisionConfig(hidden_size=16, intermediate_size=32, num_hidden_layers=2, num_attention_heads=2,
                                   image_size=16, patch_size=4),
        text_config=TextConfig(hidden_size=32, intermediate_size=48, num_hidden_layers=2, num_attention_heads=4,
                               num_key_value_heads=kv, rms_norm_eps=1e-5, rope_theta=100000.0, vocab_size=50),
        scale_factor=2, image_token_id=7, tie_word_embeddings=tie)
    model = SmolVLMForConditionalGeneration(cfg).eval()
    with torch.no_grad():
        for p in model.parameters():
            p.normal_(0, 0.3)
    return model


class ModelTest(unittest.TestCase):
    def test_kv_cached_greedy_equals_full_recomputation(self):
        for tie, kv in ((False, 2), (True, 1), (False, 4)):
            model = tiny_model(seed=kv, tie=tie, kv=kv)
            pixel = torch.randn(2, 3, 16, 16)
            ids = [1, 2] + [7] * 4 + [3] + [7] * 4 + [4, 5]
            gen, step_logits = model.greedy(torch.tensor([ids]), pixel, max_new_tokens=12)
            seq = list(ids)
            with torch.no_grad():
                for i, nxt in enumerate(gen):
                    full = model(torch.tensor([seq]), pixel)["logits"][0, -1]
                    torch.testing.assert_close(step_logits[i], full, atol=1e-5, rtol=1e-5)
                    self.assertEqual(nxt, int(torch.argmax(full)))
                    seq.append(nxt)

    def test_pixel_shuffle_matches_a5_index_formula(self):
        g = torch.Generator().manual_seed(1)
        for n_side, s, d in ((4, 2, 3), (6, 3, 2), (8, 4, 5), (8, 2, 1)):
            x = torch.randn(2, n_side * n_side, d, generator=g)
            out = pixel_shuffle(x, s)
            q = n_side // s
            self.assertEqual(tuple(out.shape), (2, q * q, d * s * s))
            for b in range(2):
                for r in range(q):
                    for c in range(q):
                        for k2 in range(s):
                            for k1 in range(s):
                                for dd in range(d):
                                    want = x[b, (r * s + k2) * n_side + (c * s + k1), dd]
                                    got = out[b, r * q + c, (k2 * s + k1) * d + dd]
                                    self.assertEqual(float(got), float(want))

    def test_padded_batch_matches_single_sequences_and_loss_is_finite(self):
        model = tiny_model(seed=3)
        a, b = [1, 2, 3, 4, 5, 6], [8, 9, 10]
        batch = torch.tensor([a, b + [0, 0, 0]])
        mask = torch.tensor([[1] * 6, [1] * 3 + [0] * 3])
        labels = torch.tensor([a[1:] + [-100], b[1:] + [-100] * 4])
        with torch.no_grad():
            out = model(batch, attention_mask=mask, labels=labels)
            la = model(torch.tensor([a]))["logits"][0]
            lb = model(torch.tensor([b]))["logits"][0]
        torch.testing.assert_close(out["logits"][0], la, atol=1e-5, rtol=1e-5)
        torch.testing.assert_close(out["logits"][1, :3], lb, atol=1e-5, rtol=1e-5)
        self.assertTrue(torch.isfinite(out["loss"]))

    def test_image_token_count_mismatch_is_an_error(self):
        model = tiny_model()
        with self.assertRaises(ValueError):
            model(torch.tensor([[1, 7, 7, 2]]), torch.randn(1, 3, 16, 16))

    def test_state_dict_uses_hf_names(self):
        names = set(tiny_model().state_dict())
        for n in ("model.vision_model.embeddings.patch_embedding.weight",
                  "model.vision_model.embeddings.position_embedding.weight",
                  "model.vision_model.encoder.layers.1.self_attn.out_proj.bias",
                  "model.vision_model.encoder.layers.0.mlp.fc2.weight",
                  "model.vision_model.post_layernorm.bias",
                  "model.connector.modality_projection.proj.weight",
                  "model.text_model.layers.1.self_attn.k_proj.weight",
                  "model.text_model.layers.0.post_attention_layernorm.weight",
                  "model.text_model.norm.weight", "lm_head.weight"):
            self.assertIn(n, names)
        self.assertNotIn("model.connector.modality_projection.proj.bias", names)
        self.assertNotIn("lm_head.weight", set(tiny_model(tie=True).state_dict()))


class SafetensorsTest(unittest.TestCase):
    def test_round_trip(self):
        g = torch.Generator().manual_seed(2)
        tensors = {"a.weight": torch.randn(3, 5, generator=g), "b": torch.randn(7, generator=g).to(torch.bfloat16),
                   "c": torch.arange(6, dtype=torch.int64).reshape(2, 3), "d": torch.randn(2, 2).half(),
                   "empty": torch.zeros(0, 4)}
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "x.safetensors")
            st.save_file(tensors, path)
            with open(path, "rb") as f:
                n = int.from_bytes(f.read(8), "little")
            self.assertEqual((8 + n) % 8, 0)
            back = st.load_file(path)
            self.assertEqual(set(back), set(tensors))
            for k, v in tensors.items():
                self.assertEqual(back[k].dtype, v.dtype)
                self.assertTrue(torch.equal(back[k], v), k)
            header, _ = st.read_header(path)
            self.assertEqual(header["__metadata__"], {"format": "pt"})
            st.save_sharded(tensors, d, 2)
            os.unlink(path)
            back = st.load_checkpoint(d)
            self.assertTrue(all(torch.equal(back[k], v) for k, v in tensors.items()))

    def test_truncated_file_is_rejected(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "x.safetensors")
            st.save_file({"a": torch.randn(10)}, path)
            with open(path, "rb") as f:
                data = f.read()
            with open(path, "wb") as f:
                f.write(data[:-4])
            with self.assertRaises(ValueError):
                st.load_file(path)


class ProcessorTest(unittest.TestCase):
    def test_sizes_follow_a8(self):
        self.assertEqual(pp.longest_edge_size(480, 640, 2048), (1536, 2048))  # A8 example
        self.assertEqual(pp.vision_encoder_size(1536, 2048, 512), (1536, 2048))
        self.assertEqual(pp.longest_edge_size(30, 40, 64), (48, 64))
        self.assertEqual(pp.vision_encoder_size(48, 64, 32), (64, 64))
        self.assertEqual(pp.longest_edge_size(48, 24, 64), (64, 32))
        self.assertEqual(pp.longest_edge_size(7, 10, 64), (44, 64))  # int(44.8) = 44, even
        self.assertEqual(pp.longest_edge_size(9, 10, 64), (58, 64))  # int(57.6) = 57, odd -> 58
        # 640x480 -> 3 rows x 4 cols + global = 13 images (A8 example)
        cfg = pp.ProcessorConfig(image_seq_len=64, longest_edge=2048, max_image_size=512, video_longest_edge=512,
                                 do_image_splitting=True)
        pv, rows, cols = pp.process_image(torch.zeros(3, 480, 640, dtype=torch.uint8), cfg)
        self.assertEqual((tuple(pv.shape), rows, cols), ((13, 3, 512, 512), 3, 4))

    def test_prompt_strings(self):
        self.assertEqual(pp.image_block(2, 0, 0),
                         "<fake_token_around_image><global-img><image><image><fake_token_around_image>")
        self.assertEqual(pp.image_block(1, 1, 2),
                         "<fake_token_around_image><row_1_col_1><image><fake_token_around_image><row_1_col_2><image>\n"
                         "\n<fake_token_around_image><global-img><image><fake_token_around_image>")
        self.assertEqual([pp.num2words(n) for n in (1, 13, 20, 21, 64, 99, 100)],
                         ["one", "thirteen", "twenty", "twenty-one", "sixty-four", "ninety-nine", "one hundred"])
        v = pp.video_block(1, [0.0, 61.0], 125.7)
        self.assertEqual(v, "You are provided the following series of two frames from a 0:02:05 [H:MM:SS] video.\n"
                            "\nFrame from 00:00:<fake_token_around_image><global-img><image><fake_token_around_image>"
                            "\nFrame from 01:01:<fake_token_around_image><global-img><image><fake_token_around_image>"
                            "\n\n")

    def test_chat_template_rendering(self):
        from smolvlm.chat_template import CHAT_TEMPLATE
        msgs = [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "Hi?"}]},
                {"role": "assistant", "content": [{"type": "text", "text": " Yes."}]},
                {"role": "user", "content": [{"type": "video"}, {"type": "text", "text": "And?"}]}]
        self.assertEqual(pp.render_chat(CHAT_TEMPLATE, msgs),
                         "<|im_start|>User:<image>Hi?<end_of_utterance>\nAssistant:  Yes.<end_of_utterance>\n"
                         "User: <video>And?<end_of_utterance>\nAssistant:")

    def test_normalize_is_exact_fused_form(self):
        x = torch.arange(256, dtype=torch.int64).to(torch.uint8).reshape(1, 16, 16)
        y = pp.normalize(x)
        self.assertEqual(float(y.min()), -1.0)
        self.assertEqual(float(y.max()), 1.0)
        self.assertEqual(float(y[0, 8, 0]), float(torch.tensor(0.5) / torch.tensor(127.5)))  # f32 division


class TokenizerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        corpus = "the cat sat on the mat, the hat 123 is the best! " * 5 + "it's the year 2025 \n\n  "
        cls.tj = tk.build_tokenizer_json(tk.train_bpe(corpus, 40))
        cls.tok = tk.Tokenizer(cls.tj)

    def test_round_trip_and_specials(self):
        for s in ["the cat", "  x  y\n\n z ", "日本 🙂 ½", "a<image>b<end_of_utterance>", "<row_3_col_4>", ""]:
            self.assertEqual(self.tok.decode(self.tok.encode(s)), s)
        ids = self.tok.encode("x<image><image>y")
        self.assertEqual(ids.count(self.tok.token_id("<image>")), 2)

    def test_digits_are_split_individually(self):
        ids = self.tok.encode("123")
        self.assertEqual([self.tok.decode([i]) for i in ids], ["1", "2", "3"])

    def test_pre_tokenizer_pieces(self):
        words = [w.replace("Ġ", " ").replace("Ċ", "\n") for w in tk.pre_tokenize("it's  a 12x\n\n b")]
        self.assertEqual(words, ["it", "'s", " ", " a", " ", "1", "2", "x", "\n\n", " b"])


if __name__ == "__main__":
    unittest.main()
