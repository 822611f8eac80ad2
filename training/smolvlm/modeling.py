"""Plain-PyTorch SmolVLM (SigLIP vision encoder + pixel-shuffle connector + Llama text model).

Follows /work/shared/research/model-architectures.md Part A (A2-A7); parameter names equal the HF SmolVLM
state_dict names (e.g. model.vision_model.encoder.layers.0.self_attn.q_proj.weight, lm_head.weight), so
`state_dict()` can be written straight to model.safetensors. The same module is meant to train the demo model:
`forward` takes a batch of ids, the flat list of images/frames of the whole batch, an optional attention mask
(right padding) and labels, and returns logits and the mean cross-entropy loss.
"""
import math
from typing import List, Optional, Tuple

import torch
import torch.nn.functional as F
from torch import nn

from .config import SmolVLMConfig, TextConfig, VisionConfig


# ----------------------------------------------------------------------------------------------- vision
class VisionEmbeddings(nn.Module):
    def __init__(self, c: VisionConfig):
        super().__init__()
        self.patch_embedding = nn.Conv2d(c.num_channels, c.hidden_size, c.patch_size, stride=c.patch_size)
        self.position_embedding = nn.Embedding(c.patches_per_side ** 2, c.hidden_size)

    def forward(self, pixel_values: torch.Tensor) -> torch.Tensor:
        x = self.patch_embedding(pixel_values)  # (n, V, N, N)
        x = x.flatten(2).transpose(1, 2)  # (n, N*N, V), patches row-major
        # Full (unpadded) tiles only: positions are 0..N^2-1 in raster order (A3).
        return x + self.position_embedding.weight[None]


class VisionAttention(nn.Module):
    def __init__(self, c: VisionConfig):
        super().__init__()
        self.heads = c.num_attention_heads
        self.head_dim = c.hidden_size // c.num_attention_heads
        self.q_proj = nn.Linear(c.hidden_size, c.hidden_size)
        self.k_proj = nn.Linear(c.hidden_size, c.hidden_size)
        self.v_proj = nn.Linear(c.hidden_size, c.hidden_size)
        self.out_proj = nn.Linear(c.hidden_size, c.hidden_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n, s, _ = x.shape
        q = self.q_proj(x).view(n, s, self.heads, self.head_dim).transpose(1, 2)  # (n, heads, s, hd)
        k = self.k_proj(x).view(n, s, self.heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(n, s, self.heads, self.head_dim).transpose(1, 2)
        scores = (q @ k.transpose(-1, -2)) * (self.head_dim ** -0.5)  # (n, heads, s, s), bidirectional
        probs = torch.softmax(scores.float(), dim=-1).to(q.dtype)
        o = (probs @ v).transpose(1, 2).reshape(n, s, -1)  # (n, s, V)
        return self.out_proj(o)


class VisionMLP(nn.Module):
    def __init__(self, c: VisionConfig):
        super().__init__()
        self.fc1 = nn.Linear(c.hidden_size, c.intermediate_size)
        self.fc2 = nn.Linear(c.intermediate_size, c.hidden_size)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x), approximate="tanh"))


class VisionLayer(nn.Module):
    def __init__(self, c: VisionConfig):
        super().__init__()
        self.layer_norm1 = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.self_attn = VisionAttention(c)
        self.layer_norm2 = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.mlp = VisionMLP(c)

    def forward(self, x):
        x = x + self.self_attn(self.layer_norm1(x))
        return x + self.mlp(self.layer_norm2(x))


class VisionEncoder(nn.Module):
    def __init__(self, c: VisionConfig):
        super().__init__()
        self.layers = nn.ModuleList([VisionLayer(c) for _ in range(c.num_hidden_layers)])

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


class VisionTransformer(nn.Module):
    def __init__(self, c: VisionConfig):
        super().__init__()
        self.embeddings = VisionEmbeddings(c)
        self.encoder = VisionEncoder(c)
        self.post_layernorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)

    def forward(self, pixel_values: torch.Tensor) -> torch.Tensor:
        """(n, 3, S, S) -> (n, (S/p)^2, V) after post_layernorm."""
        return self.post_layernorm(self.encoder(self.embeddings(pixel_values)))


# -------------------------------------------------------------------------------------------- connector
def pixel_shuffle(x: torch.Tensor, s: int) -> torch.Tensor:
    """(n, N*N, D) -> (n, (N/s)^2, D*s*s): same view/permute chain as HF SmolVLMConnector.pixel_shuffle.

    Index form (A5): out[r'*(N/s)+c'][(k2*s+k1)*D+d] = x[(r'*s+k2)*N + c'*s+k1][d].
    """
    n, seq, d = x.shape
    side = int(math.isqrt(seq))
    x = x.view(n, side, side // s, d * s)  # (n, N, N/s, D*s): groups of s horizontal neighbours
    x = x.permute(0, 2, 1, 3)  # (n, N/s, N, D*s)
    x = x.reshape(n, side // s, side // s, d * s * s)  # (n, N/s, N/s, D*s*s)
    x = x.permute(0, 2, 1, 3)  # (n, N/s [rows], N/s [cols], D*s*s)
    return x.reshape(n, seq // (s * s), d * s * s)


class ModalityProjection(nn.Module):
    def __init__(self, in_dim: int, out_dim: int):
        super().__init__()
        self.proj = nn.Linear(in_dim, out_dim, bias=False)

    def forward(self, x):
        return self.proj(x)


class Connector(nn.Module):
    def __init__(self, c: SmolVLMConfig):
        super().__init__()
        self.scale_factor = c.scale_factor
        self.modality_projection = ModalityProjection(
            c.vision_config.hidden_size * c.scale_factor ** 2, c.text_config.hidden_size)

    def forward(self, vision_hidden):
        return self.modality_projection(pixel_shuffle(vision_hidden, self.scale_factor))


# ------------------------------------------------------------------------------------------------- text
class RMSNorm(nn.Module):
    def __init__(self, dim: int, eps: float):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x):
        dtype = x.dtype
        h = x.float()
        h = h * torch.rsqrt(h.pow(2).mean(-1, keepdim=True) + self.eps)  # in float32 (A7)
        return self.weight * h.to(dtype)


def rope_cos_sin(c: TextConfig, positions: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
    """positions (L,) int -> cos, sin (L, head_dim) of concat(angles, angles), float32 (HF LlamaRotaryEmbedding)."""
    d = c.head_dim
    inv_freq = 1.0 / (c.rope_theta ** (torch.arange(0, d, 2, dtype=torch.int64).float() / d))  # (d/2,)
    angles = positions.float()[:, None] * inv_freq[None, :]  # (L, d/2)
    emb = torch.cat([angles, angles], dim=-1)  # (L, d)
    return emb.cos(), emb.sin()


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat([-x[..., h:], x[..., :h]], dim=-1)


KVCache = List[Tuple[torch.Tensor, torch.Tensor]]  # per layer (k, v), each (B, kvHeads, T, headDim)


class TextAttention(nn.Module):
    def __init__(self, c: TextConfig):
        super().__init__()
        self.heads, self.kv_heads, self.head_dim = c.num_attention_heads, c.num_key_value_heads, c.head_dim
        self.q_proj = nn.Linear(c.hidden_size, self.heads * self.head_dim, bias=False)
        self.k_proj = nn.Linear(c.hidden_size, self.kv_heads * self.head_dim, bias=False)
        self.v_proj = nn.Linear(c.hidden_size, self.kv_heads * self.head_dim, bias=False)
        self.o_proj = nn.Linear(self.heads * self.head_dim, c.hidden_size, bias=False)

    def forward(self, x, cos, sin, mask, past: Optional[Tuple[torch.Tensor, torch.Tensor]]):
        b, l, _ = x.shape
        q = self.q_proj(x).view(b, l, self.heads, self.head_dim).transpose(1, 2)  # (B, heads, L, hd)
        k = self.k_proj(x).view(b, l, self.kv_heads, self.head_dim).transpose(1, 2)  # (B, kvHeads, L, hd)
        v = self.v_proj(x).view(b, l, self.kv_heads, self.head_dim).transpose(1, 2)
        cos, sin = cos.to(q.dtype)[None, None], sin.to(q.dtype)[None, None]  # (1, 1, L, hd)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if past is not None:
            k = torch.cat([past[0], k], dim=2)  # (B, kvHeads, T, hd)
            v = torch.cat([past[1], v], dim=2)
        present = (k, v)
        group = self.heads // self.kv_heads  # query head h uses kv head h // group
        kk = k.repeat_interleave(group, dim=1)  # (B, heads, T, hd)
        vv = v.repeat_interleave(group, dim=1)
        o = (self.attention_probs(q, kk, mask) @ vv).transpose(1, 2).reshape(b, l, -1)  # (B, L, heads*hd)
        return self.o_proj(o), present

    def attention_probs(self, q, kk, mask):
        """(B, heads, L, T) softmax attention weights of rotated queries q (B, heads, L, hd) over keys kk (B, heads,
        T, hd); mask (L, T) bool, True where a query may look."""
        scores = (q @ kk.transpose(-1, -2)) * (self.head_dim ** -0.5)  # (B, heads, L, T)
        scores = scores.masked_fill(~mask, torch.finfo(scores.dtype).min)
        return torch.softmax(scores.float(), dim=-1).to(q.dtype)


class TextMLP(nn.Module):
    def __init__(self, c: TextConfig):
        super().__init__()
        self.gate_proj = nn.Linear(c.hidden_size, c.intermediate_size, bias=False)
        self.up_proj = nn.Linear(c.hidden_size, c.intermediate_size, bias=False)
        self.down_proj = nn.Linear(c.intermediate_size, c.hidden_size, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class TextLayer(nn.Module):
    def __init__(self, c: TextConfig):
        super().__init__()
        self.input_layernorm = RMSNorm(c.hidden_size, c.rms_norm_eps)
        self.self_attn = TextAttention(c)
        self.post_attention_layernorm = RMSNorm(c.hidden_size, c.rms_norm_eps)
        self.mlp = TextMLP(c)

    def forward(self, x, cos, sin, mask, past):
        a, present = self.self_attn(self.input_layernorm(x), cos, sin, mask, past)
        x = x + a
        return x + self.mlp(self.post_attention_layernorm(x)), present


class TextModel(nn.Module):
    def __init__(self, c: TextConfig):
        super().__init__()
        self.config = c
        self.embed_tokens = nn.Embedding(c.vocab_size, c.hidden_size)
        self.layers = nn.ModuleList([TextLayer(c) for _ in range(c.num_hidden_layers)])
        self.norm = RMSNorm(c.hidden_size, c.rms_norm_eps)

    def forward(self, inputs_embeds, attention_mask=None, past: Optional[KVCache] = None):
        """inputs_embeds (B, L, H); attention_mask (B, T) bool/int over past+new keys (1 = real token).

        Positions are past_len .. past_len+L-1 (A6: plain 0..L-1 over the whole sequence)."""
        b, l, _ = inputs_embeds.shape
        past_len = past[0][0].shape[2] if past else 0
        t = past_len + l
        positions = torch.arange(past_len, t)
        cos, sin = rope_cos_sin(self.config, positions)
        causal = torch.arange(t)[None, :] <= positions[:, None]  # (L, T)
        mask = causal[None, None]  # (1, 1, L, T)
        if attention_mask is not None:
            mask = mask & attention_mask.bool()[:, None, None, :]  # (B, 1, L, T)
        x = inputs_embeds
        presents = []
        for i, layer in enumerate(self.layers):
            x, present = layer(x, cos, sin, mask, past[i] if past else None)
            presents.append(present)
        return self.norm(x), presents


# ------------------------------------------------------------------------------------------------ whole
class SmolVLMModel(nn.Module):
    def __init__(self, c: SmolVLMConfig):
        super().__init__()
        self.vision_model = VisionTransformer(c.vision_config)
        self.connector = Connector(c)
        self.text_model = TextModel(c.text_config)


class SmolVLMForConditionalGeneration(nn.Module):
    def __init__(self, c: SmolVLMConfig):
        super().__init__()
        self.config = c
        self.model = SmolVLMModel(c)
        if not c.tie_word_embeddings:
            self.lm_head = nn.Linear(c.text_config.hidden_size, c.text_config.vocab_size, bias=False)

    def head_weight(self) -> torch.Tensor:
        if self.config.tie_word_embeddings:
            return self.model.text_model.embed_tokens.weight
        return self.lm_head.weight

    def encode_images(self, pixel_values: torch.Tensor):
        """(n, 3, S, S) -> vision_hidden (n, patches, V), image_features (n, image_seq_len, H)."""
        vision_hidden = self.model.vision_model(pixel_values)
        return vision_hidden, self.model.connector(vision_hidden)

    def embed(self, input_ids: torch.Tensor, image_features: Optional[torch.Tensor]) -> torch.Tensor:
        """Token embeddings with every image_token_id replaced, in order, by the image feature rows (A6).

        input_ids (B, L); image_features (n_images, seq, H) for all images of the batch in order."""
        emb = self.model.text_model.embed_tokens(input_ids)  # (B, L, H)
        if image_features is None:
            # No images with this call (e.g. a decode step that generated the image token): plain embedding
            # rows, as HF does when neither pixel_values nor image_hidden_states are passed.
            return emb
        is_image = input_ids == self.config.image_token_id
        n_slots = int(is_image.sum())
        rows = image_features.reshape(-1, image_features.shape[-1])  # (n_images*seq, H)
        if rows.shape[0] != n_slots:
            raise ValueError(f"prompt has {n_slots} image tokens but the images give {rows.shape[0]} feature rows")
        emb = emb.clone()
        emb[is_image] = rows.to(emb.dtype)  # boolean-mask assignment fills in row-major (batch, position) order
        return emb

    def forward(self, input_ids, pixel_values=None, attention_mask=None, labels=None, loss_mask=None,
                past: Optional[KVCache] = None):
        """Returns dict(logits (B, L, vocab), loss (mean CE over positions whose *target* is kept), past).

        labels (B, L): the target id for each position (already shifted by the caller: labels[:, i] is the
        token that should follow position i), -100 = ignored; loss_mask (B, L) optional 0/1 extra filter."""
        feats = None
        if pixel_values is not None and pixel_values.numel():
            _, feats = self.encode_images(pixel_values)
        emb = self.embed(input_ids, feats)
        hidden, presents = self.model.text_model(emb, attention_mask, past)
        logits = hidden @ self.head_weight().t()
        loss = None
        if labels is not None:
            keep = labels != -100
            if loss_mask is not None:
                keep = keep & loss_mask.bool()
            loss = F.cross_entropy(logits[keep].float(), labels[keep])
        return {"logits": logits, "loss": loss, "past": presents}

    @torch.no_grad()
    def greedy(self, input_ids: torch.Tensor, pixel_values=None, max_new_tokens=32, stop_ids=()):
        """Greedy decode of one sequence (1, L) with a KV cache. Returns (generated ids, step logits (n, vocab)).

        stop_ids empty -> exactly max_new_tokens steps."""
        out = self.forward(input_ids, pixel_values)
        logits, past = out["logits"][0, -1], out["past"]
        ids, steps = [], []
        for _ in range(max_new_tokens):
            steps.append(logits)
            nxt = int(torch.argmax(logits))
            ids.append(nxt)
            if nxt in stop_ids:
                break
            out = self.forward(torch.tensor([[nxt]]), past=past)
            logits, past = out["logits"][0, -1], out["past"]
        return ids, torch.stack(steps)


# ------------------------------------------------------------------------------------ checkpoint folders
def load_pretrained(folder: str) -> SmolVLMForConditionalGeneration:
    """config.json + model.safetensors (or the shards of model.safetensors.index.json) -> float32 model."""
    import os
    from . import safetensors_io
    model = SmolVLMForConditionalGeneration(SmolVLMConfig.load(os.path.join(folder, "config.json")))
    weights = safetensors_io.load_checkpoint(folder)
    model.load_state_dict({k: v.float() for k, v in weights.items()}, strict=True)
    return model.eval()


def save_pretrained(model: SmolVLMForConditionalGeneration, folder: str, dtype=torch.float32, shards: int = 0,
                    omit_vision=(), omit_text=()) -> None:
    """Writes config.json and model.safetensors (or `shards` shards + index) with HF names."""
    import json
    import os
    from . import safetensors_io
    os.makedirs(folder, exist_ok=True)
    conf = model.config.to_dict(omit_vision=omit_vision, omit_text=omit_text)
    conf["torch_dtype"] = {torch.float32: "float32", torch.bfloat16: "bfloat16", torch.float16: "float16"}[dtype]
    with open(os.path.join(folder, "config.json"), "w", encoding="utf-8") as f:
        json.dump(conf, f, indent=2, ensure_ascii=False)
        f.write("\n")
    tensors = {k: v.detach().to(dtype).contiguous() for k, v in model.state_dict().items()}
    if shards:
        safetensors_io.save_sharded(tensors, folder, shards)
    else:
        safetensors_io.save_file(tensors, os.path.join(folder, "model.safetensors"))
