# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Greedy decoding."""
import torch

from model import KVCache


@torch.no_grad()
def generate(model, idx, max_new_tokens):
    """Append max_new_tokens greedily chosen tokens to idx (B, T); returns (B, T + max_new_tokens).

    Plausible but wrong: the cache is created and filled, but a fresh one is built at every step
    from the whole sequence, so nothing is reused and decoding is still quadratic.
    """
    for _ in range(max_new_tokens):
        cache = KVCache(len(model.blocks))
        logits = model(idx, cache=cache)
        next_token = logits[:, -1].argmax(-1, keepdim=True)
        idx = torch.cat([idx, next_token], dim=1)
    return idx
