# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Causal self-attention with rotary position embeddings and grouped-query attention."""
import math

import torch
from torch import nn


def rope_angles(positions, head_dim, base, dtype):
    """cos and sin of theta[p, i] = p * base**(-2i/head_dim), shape (len(positions), head_dim/2).

    Plausible but wrong: everything else is fixed, but the angles are still computed in the
    input's dtype, so bfloat16 positions beyond 256 are rounded and long contexts break.
    """
    inv_freq = base ** (-torch.arange(0, head_dim, 2, dtype=dtype) / head_dim)
    theta = positions.to(dtype)[:, None] * inv_freq[None, :]
    return theta.cos(), theta.sin()


def apply_rope(x, cos, sin):
    """Rotate-half RoPE on x (..., T, head_dim) with the angles (T, head_dim/2)."""
    half = x.shape[-1] // 2
    x1, x2 = x[..., :half], x[..., half:]
    return torch.cat([x1 * cos - x2 * sin, x2 * cos + x1 * sin], dim=-1)


class GQAttention(nn.Module):
    def __init__(self, d_model, n_heads, n_kv_heads, rope_base=10000.0):
        super().__init__()
        assert d_model % n_heads == 0 and n_heads % n_kv_heads == 0
        self.n_heads, self.n_kv_heads = n_heads, n_kv_heads
        self.head_dim = d_model // n_heads
        self.rope_base = rope_base
        self.q_proj = nn.Linear(d_model, n_heads * self.head_dim, bias=False)
        self.k_proj = nn.Linear(d_model, n_kv_heads * self.head_dim, bias=False)
        self.v_proj = nn.Linear(d_model, n_kv_heads * self.head_dim, bias=False)
        self.o_proj = nn.Linear(n_heads * self.head_dim, d_model, bias=False)

    def forward(self, x, start_pos=0):
        b, t, _ = x.shape
        q = self.q_proj(x).view(b, t, self.n_heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(b, t, self.n_kv_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(b, t, self.n_kv_heads, self.head_dim).transpose(1, 2)

        positions = torch.arange(t) + start_pos
        cos, sin = rope_angles(positions, self.head_dim, self.rope_base, x.dtype)
        q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)

        # Query head h reads kv head h // group: each kv head is repeated `group` times in a row.
        group = self.n_heads // self.n_kv_heads
        k = k.repeat_interleave(group, dim=1)
        v = v.repeat_interleave(group, dim=1)

        # Scores and softmax in float32 even for bfloat16 inputs.
        scores = (q.float() @ k.float().transpose(-2, -1)) / math.sqrt(self.head_dim)
        mask = torch.ones(t, t, dtype=torch.bool).triu(1)
        scores = scores.masked_fill(mask, float("-inf"))
        out = (scores.softmax(dim=-1) @ v.float()).to(x.dtype)
        return self.o_proj(out.transpose(1, 2).reshape(b, t, -1))
