# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Logit lens: read the residual stream of every layer through the model's output head."""
import torch


def _read_out(model, x):
    """Exactly what LensLM.forward does after its last block, as log-probabilities."""
    logits = model.unembed(model.ln_f(x))
    logits = model.logit_cap * torch.tanh(logits / model.logit_cap)
    return torch.log_softmax(logits, dim=-1)


@torch.no_grad()
def logit_lens(model, idx):
    """(n_layers + 1, B, T, vocab) log-probabilities; see the task description.

    Plausible but wrong: rebuilds the embedding stream by hand and forgets the embedding scale.
    """
    t = idx.shape[1]
    streams = [model.tok_emb(idx) + model.pos_emb[:t]]
    handles = [b.register_forward_hook(lambda m, args, out: streams.append(out)) for b in model.blocks]
    try:
        model(idx)
    finally:
        for h in handles:
            h.remove()
    return torch.stack([_read_out(model, x) for x in streams])


@torch.no_grad()
def first_confident_layer(model, idx, threshold):
    """(B, T) long tensor: first entry whose top-1 is the final top-1 with p >= threshold, else -1."""
    lens = logit_lens(model, idx)
    final_top = lens[-1].argmax(-1)
    top_logp, top = lens.max(-1)
    ok = (top == final_top) & (top_logp.exp() >= threshold)
    n = lens.shape[0]
    index = torch.arange(n).view(n, 1, 1).expand_as(ok)
    first = torch.where(ok, index, torch.full_like(index, n)).min(0).values
    return torch.where(first == n, torch.full_like(first, -1), first)
