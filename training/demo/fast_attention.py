"""A faster training-only forward for the reference TextAttention/TextModel (no KV cache): the same math as
smolvlm/modeling.py TextAttention.forward, but grouped-query attention by reshaping the queries instead of
repeating the keys, and scale + causal mask fused into one baddbmm. Checked against the reference in
test_demo.py."""
import torch

from smolvlm import modeling


def _attn_forward(self, x, cos, sin, mask, past):
    assert past is None
    b, l, _ = x.shape
    q = self.q_proj(x).view(b, l, self.heads, self.head_dim).transpose(1, 2)  # (B, heads, L, hd)
    k = self.k_proj(x).view(b, l, self.kv_heads, self.head_dim).transpose(1, 2)  # (B, kv, L, hd)
    v = self.v_proj(x).view(b, l, self.kv_heads, self.head_dim).transpose(1, 2)
    cos, sin = cos[None, None], sin[None, None]
    q = q * cos + modeling.rotate_half(q) * sin
    k = k * cos + modeling.rotate_half(k) * sin
    g = self.heads // self.kv_heads  # query head h uses kv head h // g
    qg = q.reshape(b * self.kv_heads, g * l, self.head_dim)  # (B*kv, g*L, hd)
    kk = k.reshape(b * self.kv_heads, l, self.head_dim)
    vv = v.reshape(b * self.kv_heads, l, self.head_dim)
    bias = mask  # (g*L, L) additive: 0 or -inf, prepared once per forward
    scores = torch.baddbmm(bias, qg, kk.transpose(1, 2), alpha=self.head_dim ** -0.5)  # (B*kv, g*L, L)
    probs = torch.softmax(scores, dim=-1)
    o = torch.bmm(probs, vv).view(b, self.heads, l, self.head_dim).transpose(1, 2).reshape(b, l, -1)
    if getattr(self, "keep_probs", False):  # watch(): kept, with their graph, for the attention losses
        self.last_probs = probs.view(b, self.kv_heads, g, l, l).reshape(b, self.heads, l, l)  # (B, heads, L, L)
        self.last_heads = o  # (B, L, heads*hd): the heads' outputs before o_proj
    return self.o_proj(o), None


def _text_forward(self, inputs_embeds, attention_mask=None, past=None):
    assert past is None and attention_mask is None
    b, l, _ = inputs_embeds.shape
    positions = torch.arange(l)
    cos, sin = modeling.rope_cos_sin(self.config, positions)
    c = self.config
    g = c.num_attention_heads // c.num_key_value_heads
    causal = torch.full((l, l), float("-inf")).triu(1)  # (L, L)
    bias = causal.repeat(g, 1)  # (g*L, L): rows are (head-in-group, position)
    x = inputs_embeds
    for layer in self.layers:
        x, _ = layer(x, cos, sin, bias, None)
    return self.norm(x), None


def watch(attention):
    """Makes a TextAttention keep its last attention weights as .last_probs (B, heads, L, L) and its heads' outputs
    before o_proj as .last_heads (B, L, heads*hd), with their graph."""
    attention.keep_probs = True


def install():
    modeling.TextAttention.forward = _attn_forward
    modeling.TextModel.forward = _text_forward
