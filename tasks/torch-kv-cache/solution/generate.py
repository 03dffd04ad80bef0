# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Greedy decoding."""
import torch

from model import KVCache


@torch.no_grad()
def generate(model, idx, max_new_tokens):
    """Append max_new_tokens greedily chosen tokens to idx (B, T); returns (B, T + max_new_tokens).

    The prompt is fed once; after that only the newest token goes through the model, with the
    keys/values of everything before it read from the cache.
    """
    if max_new_tokens <= 0:
        return idx
    cache = KVCache(len(model.blocks))
    logits = model(idx, cache=cache)
    out = [idx]
    for step in range(max_new_tokens):
        next_token = logits[:, -1].argmax(-1, keepdim=True)
        out.append(next_token)
        if step + 1 < max_new_tokens:
            logits = model(next_token, cache=cache)
    return torch.cat(out, dim=1)
