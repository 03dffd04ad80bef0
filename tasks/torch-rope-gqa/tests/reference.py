# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""The grader's float64 reference: written from the specification, independent of the workspace."""
import math

import torch


def reference(state, x, n_heads, n_kv_heads, start_pos, base):
    """state: the module's weights; x: (B, T, d_model). Everything is computed in float64."""
    x = x.double()
    wq, wk, wv, wo = (state[f"{n}_proj.weight"].double() for n in "qkvo")
    b, t, d = x.shape
    hd = d // n_heads
    q = (x @ wq.T).view(b, t, n_heads, hd)
    k = (x @ wk.T).view(b, t, n_kv_heads, hd)
    v = (x @ wv.T).view(b, t, n_kv_heads, hd)
    pos = torch.arange(start_pos, start_pos + t, dtype=torch.float64)
    inv = torch.tensor([base ** (-2 * i / hd) for i in range(hd // 2)], dtype=torch.float64)
    ang = pos[:, None] * inv[None, :]
    cos, sin = ang.cos()[None, :, None, :], ang.sin()[None, :, None, :]

    def rope(z):
        z1, z2 = z[..., : hd // 2], z[..., hd // 2:]
        return torch.cat([z1 * cos - z2 * sin, z2 * cos + z1 * sin], dim=-1)

    q, k = rope(q), rope(k)
    group = n_heads // n_kv_heads
    out = torch.empty(b, t, n_heads, hd, dtype=torch.float64)
    for h in range(n_heads):
        kh, vh = k[:, :, h // group], v[:, :, h // group]
        s = q[:, :, h] @ kh.transpose(1, 2) / math.sqrt(hd)
        s = s.masked_fill(torch.ones(t, t, dtype=torch.bool).triu(1), float("-inf"))
        out[:, :, h] = s.softmax(-1) @ vh
    return out.reshape(b, t, n_heads * hd) @ wo.T
