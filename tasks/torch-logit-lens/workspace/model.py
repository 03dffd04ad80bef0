# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""A small pre-LN decoder with a soft-capped output head (Gemma-style logit capping)."""
import math

import torch
from torch import nn


class Block(nn.Module):
    def __init__(self, d_model, n_heads):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d_model), nn.LayerNorm(d_model)
        self.attn = nn.MultiheadAttention(d_model, n_heads, batch_first=True)
        self.mlp = nn.Sequential(nn.Linear(d_model, 4 * d_model), nn.GELU(), nn.Linear(4 * d_model, d_model))

    def forward(self, x):
        t = x.shape[1]
        mask = torch.ones(t, t, dtype=torch.bool, device=x.device).triu(1)
        h = self.ln1(x)
        attn_out, _ = self.attn(h, h, h, attn_mask=mask, need_weights=False)
        x = x + attn_out
        return x + self.mlp(self.ln2(x))


class LensLM(nn.Module):
    def __init__(self, vocab_size=50, d_model=32, n_heads=4, n_layers=3, block_size=64, logit_cap=15.0):
        super().__init__()
        self.tok_emb = nn.Embedding(vocab_size, d_model)
        self.pos_emb = nn.Parameter(torch.zeros(block_size, d_model))
        self.blocks = nn.ModuleList(Block(d_model, n_heads) for _ in range(n_layers))
        self.ln_f = nn.LayerNorm(d_model)
        self.unembed = nn.Linear(d_model, vocab_size, bias=False)
        self.logit_cap = logit_cap
        self.emb_scale = math.sqrt(d_model)

    def forward(self, idx):
        t = idx.shape[1]
        x = self.tok_emb(idx) * self.emb_scale + self.pos_emb[:t]
        for block in self.blocks:
            x = block(x)
        logits = self.unembed(self.ln_f(x))
        return self.logit_cap * torch.tanh(logits / self.logit_cap)
