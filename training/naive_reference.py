"""Independent float64 numpy forward of a SmolVLM checkpoint, written straight from model-architectures.md
A3-A7 (no code shared with smolvlm/modeling.py). test_reference.py checks the PyTorch module and the committed
goldens against it, so a slip in one implementation cannot hide in both.
"""
import json
import math
import os

import numpy as np


def _layer_norm(x, w, b, eps):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def _gelu_tanh(x):
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def _softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


class NaiveSmolVLM:
    def __init__(self, folder, weights):
        with open(os.path.join(folder, "config.json")) as f:
            c = json.load(f)
        v, t = c["vision_config"], c["text_config"]
        self.W = {k: np.asarray(val, dtype=np.float64) for k, val in weights.items()}
        self.V = v["hidden_size"]
        self.v_heads = v.get("num_attention_heads", 16)
        self.v_layers = v.get("num_hidden_layers", 12)
        self.p = v.get("patch_size", 32)
        self.S = v.get("image_size", 224)
        self.v_eps = v.get("layer_norm_eps", 1e-6)
        self.s = c.get("scale_factor", 2)
        self.image_token_id = c["image_token_id"]
        self.H = t["hidden_size"]
        self.nh = t.get("num_attention_heads", 32)
        self.nkv = t.get("num_key_value_heads", self.nh)
        self.hd = t.get("head_dim", self.H // self.nh)
        self.t_layers = t.get("num_hidden_layers", 32)
        self.t_eps = t.get("rms_norm_eps", 1e-6)
        self.theta = t.get("rope_theta", 10000.0)
        self.tied = c.get("tie_word_embeddings", False)

    def vision(self, pixel):
        """pixel (3, S, S) -> (N*N, V) after post_layernorm."""
        W, p, n = self.W, self.p, self.S // self.p
        pre = "model.vision_model."
        conv = W[pre + "embeddings.patch_embedding.weight"].reshape(self.V, -1)  # (V, 3*p*p) ordered (c, ky, kx)
        patches = np.stack([pixel[:, py * p:(py + 1) * p, px * p:(px + 1) * p].reshape(-1)
                            for py in range(n) for px in range(n)])  # (N*N, 3*p*p), raster order
        x = patches @ conv.T + W[pre + "embeddings.patch_embedding.bias"]
        x = x + W[pre + "embeddings.position_embedding.weight"][np.arange(n * n)]
        hd = self.V // self.v_heads
        for i in range(self.v_layers):
            L = f"{pre}encoder.layers.{i}."
            h = _layer_norm(x, W[L + "layer_norm1.weight"], W[L + "layer_norm1.bias"], self.v_eps)
            q, k, v = (h @ W[L + f"self_attn.{m}.weight"].T + W[L + f"self_attn.{m}.bias"]
                       for m in ("q_proj", "k_proj", "v_proj"))
            out = np.zeros_like(x)
            for hh in range(self.v_heads):
                sl = slice(hh * hd, (hh + 1) * hd)
                a = _softmax(q[:, sl] @ k[:, sl].T / math.sqrt(hd))
                out[:, sl] = a @ v[:, sl]
            x = x + out @ W[L + "self_attn.out_proj.weight"].T + W[L + "self_attn.out_proj.bias"]
            h = _layer_norm(x, W[L + "layer_norm2.weight"], W[L + "layer_norm2.bias"], self.v_eps)
            h = _gelu_tanh(h @ W[L + "mlp.fc1.weight"].T + W[L + "mlp.fc1.bias"])
            x = x + h @ W[L + "mlp.fc2.weight"].T + W[L + "mlp.fc2.bias"]
        return _layer_norm(x, W[pre + "post_layernorm.weight"], W[pre + "post_layernorm.bias"], self.v_eps)

    def connector(self, vh):
        """(N*N, V) -> (N*N/s^2, H) via the A5 index formula, then proj."""
        n, s, d = self.S // self.p, self.s, self.V
        q = n // s
        out = np.zeros((q * q, d * s * s))
        for r in range(q):
            for c in range(q):
                for k2 in range(s):
                    for k1 in range(s):
                        out[r * q + c, (k2 * s + k1) * d:(k2 * s + k1 + 1) * d] = vh[(r * s + k2) * n + c * s + k1]
        return out @ self.W["model.connector.modality_projection.proj.weight"].T

    def _rms(self, x, w):
        return x / np.sqrt((x ** 2).mean(-1, keepdims=True) + self.t_eps) * w

    def _rope(self, x, pos):
        """x (heads, hd) at position pos: pairs (i, i + hd/2) rotated by pos / theta^(2i/hd)."""
        half = self.hd // 2
        y = x.copy()
        for i in range(half):
            ang = pos / self.theta ** (2 * i / self.hd)
            c, s_ = math.cos(ang), math.sin(ang)
            y[:, i] = x[:, i] * c - x[:, i + half] * s_
            y[:, i + half] = x[:, i + half] * c + x[:, i] * s_
        return y

    def logits(self, ids, pixel_values=None, merge_upto=None):
        """ids list, pixel_values (n, 3, S, S) or None -> (L, vocab) logits (full causal prefill).

        Image features fill the image-token slots before position merge_upto (default: all); later ones, e.g.
        an image token the model generated, keep their embedding row (A6 merge happens only with images)."""
        W, pre = self.W, "model.text_model."
        x = W[pre + "embed_tokens.weight"][np.asarray(ids)].copy()  # (L, H)
        if pixel_values is not None and len(pixel_values):
            feats = np.concatenate([self.connector(self.vision(np.asarray(pv, dtype=np.float64)))
                                    for pv in pixel_values])
            end = len(ids) if merge_upto is None else merge_upto
            slots = [i for i, t in enumerate(ids[:end]) if t == self.image_token_id]
            assert len(slots) == len(feats)
            for row, i in enumerate(slots):
                x[i] = feats[row]
        L = len(ids)
        group = self.nh // self.nkv
        for j in range(self.t_layers):
            P = f"{pre}layers.{j}."
            h = self._rms(x, W[P + "input_layernorm.weight"])
            q = (h @ W[P + "self_attn.q_proj.weight"].T).reshape(L, self.nh, self.hd)
            k = (h @ W[P + "self_attn.k_proj.weight"].T).reshape(L, self.nkv, self.hd)
            v = (h @ W[P + "self_attn.v_proj.weight"].T).reshape(L, self.nkv, self.hd)
            q = np.stack([self._rope(q[i], i) for i in range(L)])
            k = np.stack([self._rope(k[i], i) for i in range(L)])
            out = np.zeros((L, self.nh, self.hd))
            for hh in range(self.nh):
                kv = hh // group
                sc = q[:, hh] @ k[:, kv].T / math.sqrt(self.hd)  # (L, L)
                sc = np.where(np.tril(np.ones((L, L), dtype=bool)), sc, -np.inf)
                out[:, hh] = _softmax(sc) @ v[:, kv]
            x = x + out.reshape(L, -1) @ W[P + "self_attn.o_proj.weight"].T
            h = self._rms(x, W[P + "post_attention_layernorm.weight"])
            g = h @ W[P + "mlp.gate_proj.weight"].T
            u = h @ W[P + "mlp.up_proj.weight"].T
            x = x + (g / (1 + np.exp(-g)) * u) @ W[P + "mlp.down_proj.weight"].T
        x = self._rms(x, W[pre + "norm.weight"])
        head = W[pre + "embed_tokens.weight"] if self.tied else W["lm_head.weight"]
        return x @ head.T
