# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
import random

import pytest
import torch

from lens import first_confident_layer, logit_lens
from model import LensLM

torch.set_num_threads(1)

CONFIGS = [
    dict(vocab_size=50, d_model=32, n_heads=4, n_layers=3),
    dict(vocab_size=71, d_model=24, n_heads=2, n_layers=1, logit_cap=8.0),
    dict(vocab_size=40, d_model=48, n_heads=6, n_layers=5, logit_cap=30.0),
]


def build(cfg, seed):
    torch.manual_seed(seed)
    model = LensLM(**cfg)
    with torch.no_grad():
        model.pos_emb.normal_(0, 0.5)
        for name, p in model.named_parameters():
            if name.endswith("weight") and p.dim() == 2 and "emb" not in name:
                p.mul_(2.5)
    return model.eval()


@torch.no_grad()
def reference(model, idx):
    t = idx.shape[1]
    x = model.tok_emb(idx) * model.emb_scale + model.pos_emb[:t]
    streams = [x]
    for block in model.blocks:
        x = block(x)
        streams.append(x)
    out = []
    for s in streams:
        logits = model.unembed(model.ln_f(s))
        out.append(torch.log_softmax(model.logit_cap * torch.tanh(logits / model.logit_cap), -1))
    return torch.stack(out)


def ref_first(lens, threshold):
    final_top = lens[-1].argmax(-1)
    n, b, t, _ = lens.shape
    result = torch.full((b, t), -1, dtype=torch.long)
    for i in range(b):
        for j in range(t):
            for layer in range(n):
                p = lens[layer, i, j].exp()
                if p.argmax() == final_top[i, j] and p.max() >= threshold:
                    result[i, j] = layer
                    break
    return result


def inputs(cfg, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.randint(0, cfg["vocab_size"], (random.Random(seed).randint(1, 3), random.Random(seed + 1).randint(1, 20)), generator=g)


@pytest.mark.parametrize("ci", range(len(CONFIGS)))
def test_every_layer_matches_reference(ci):
    cfg = CONFIGS[ci]
    model = build(cfg, seed=ci)
    idx = inputs(cfg, 40 + ci)
    got = logit_lens(model, idx)
    want = reference(model, idx)
    assert got.shape == want.shape, f"shape {tuple(got.shape)}, expected {tuple(want.shape)}"
    for layer in range(want.shape[0]):
        assert torch.allclose(got[layer], want[layer], atol=1e-4), f"entry {layer} differs"


def test_last_entry_is_the_model_output():
    model = build(CONFIGS[2], seed=9)
    idx = inputs(CONFIGS[2], 9)
    with torch.no_grad():
        final = torch.log_softmax(model(idx), -1)
    assert torch.allclose(logit_lens(model, idx)[-1], final, atol=1e-5)


def test_leaves_the_model_alone():
    model = build(CONFIGS[0], seed=4)
    model.train()
    before = {k: v.clone() for k, v in model.state_dict().items()}
    out = logit_lens(model, inputs(CONFIGS[0], 4))
    assert model.training, "train/eval mode changed"
    assert not out.requires_grad and out.grad_fn is None, "an autograd graph was built"
    for name, module in model.named_modules():
        assert not module._forward_hooks and not module._forward_pre_hooks, f"hook left on {name or 'model'}"
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items()), "parameters changed"


@pytest.mark.parametrize("threshold", [0.0, 0.2, 0.6, 0.95, 1.01])
def test_first_confident_layer(threshold):
    for ci, cfg in enumerate(CONFIGS):
        model = build(cfg, seed=20 + ci)
        idx = inputs(cfg, 20 + ci)
        got = first_confident_layer(model, idx, threshold)
        assert got.dtype == torch.long and got.shape == idx.shape
        assert torch.equal(got, ref_first(reference(model, idx), threshold)), f"config {ci}, threshold {threshold}"
