# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Greedy decoding."""
import torch


@torch.no_grad()
def generate(model, idx, max_new_tokens):
    """Append max_new_tokens greedily chosen tokens to idx (B, T); returns (B, T + max_new_tokens)."""
    for _ in range(max_new_tokens):
        logits = model(idx)
        next_token = logits[:, -1].argmax(-1, keepdim=True)
        idx = torch.cat([idx, next_token], dim=1)
    return idx
