# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
import random
import sys

import pytest
import torch

sys.path.insert(0, "/tests")
from reference_model import RefLM  # noqa: E402

from generate import generate  # noqa: E402
from model import KVCache, TinyLM  # noqa: E402

torch.set_num_threads(1)

CONFIGS = [  # vocab, d_model, heads, layers, block_size
    dict(vocab_size=64, d_model=32, n_heads=4, n_layers=2, block_size=64),
    dict(vocab_size=97, d_model=48, n_heads=3, n_layers=3, block_size=40),
    dict(vocab_size=50, d_model=16, n_heads=1, n_layers=1, block_size=32),
]


def models(cfg, seed):
    torch.manual_seed(seed)
    model = TinyLM(**cfg).eval()
    with torch.no_grad():  # larger weights: sharper, less tie-prone logits
        for name, p in model.named_parameters():
            if name.endswith("weight") and p.dim() == 2:
                p.mul_(2.0)
    ref = RefLM(**cfg).eval()
    ref.load_state_dict(model.state_dict())
    return model, ref


class Counter:
    """Counts the positions that go through the embeddings and every attention projection."""

    def __init__(self, model):
        self.rows = {}
        self.handles = []
        watched = [("tok_emb", model.tok_emb), ("pos_emb", model.pos_emb)]
        for i, block in enumerate(model.blocks):
            for p in ("q_proj", "k_proj", "v_proj"):
                watched.append((f"blocks.{i}.attn.{p}", getattr(block.attn, p)))
        for name, module in watched:
            self.rows[name] = 0
            self.handles.append(module.register_forward_hook(self._hook(name)))

    def _hook(self, name):
        def hook(module, inputs, output):
            self.rows[name] += output.numel() // output.shape[-1]
        return hook

    def close(self):
        for h in self.handles:
            h.remove()


def check_greedy(ref, out, prompt_len, tol=1e-4):
    """Every generated token must be a (float-tolerant) argmax of the reference logits."""
    with torch.no_grad():
        logits = ref(out[:, :-1])
    for pos in range(prompt_len, out.shape[1]):
        step = logits[:, pos - 1]
        chosen = step.gather(1, out[:, pos:pos + 1]).squeeze(1)
        assert torch.all(chosen >= step.max(-1).values - tol), f"token at position {pos} is not the greedy choice"


@pytest.mark.parametrize("ci", range(len(CONFIGS)))
def test_chunked_prefill_matches_full_forward(ci):
    cfg = CONFIGS[ci]
    rng = random.Random(1000 + ci)
    for trial in range(4):
        model, ref = models(cfg, seed=trial + 10 * ci)
        t = rng.randint(2, cfg["block_size"])
        idx = torch.randint(0, cfg["vocab_size"], (rng.randint(1, 3), t), generator=torch.Generator().manual_seed(trial))
        cuts = sorted(rng.sample(range(1, t), min(t - 1, rng.randint(1, 5))))
        cache = KVCache(cfg["n_layers"])
        assert len(cache) == 0
        pieces, prev = [], 0
        with torch.no_grad():
            for cut in cuts + [t]:
                pieces.append(model(idx[:, prev:cut], cache=cache))
                assert len(cache) == cut, "len(cache) must count the cached positions"
                prev = cut
            want = ref(idx)
        got = torch.cat(pieces, dim=1)
        assert got.shape == want.shape
        assert torch.allclose(got, want, atol=1e-4, rtol=1e-4), f"chunks {cuts} of {t}: logits differ"


def test_forward_without_cache_unchanged():
    model, ref = models(CONFIGS[1], seed=3)
    idx = torch.randint(0, 97, (2, 17))
    with torch.no_grad():
        assert torch.allclose(model(idx), ref(idx), atol=1e-5)


@pytest.mark.parametrize("ci", range(len(CONFIGS)))
def test_generate_is_greedy_and_uses_the_cache(ci):
    cfg = CONFIGS[ci]
    rng = random.Random(7 + ci)
    for trial in range(3):
        model, ref = models(cfg, seed=100 + trial + 10 * ci)
        b, t = rng.randint(1, 3), rng.randint(1, 8)
        n = rng.randint(1, cfg["block_size"] - t)
        prompt = torch.randint(0, cfg["vocab_size"], (b, t), generator=torch.Generator().manual_seed(ci * 10 + trial))
        counter = Counter(model)
        try:
            out = generate(model, prompt.clone(), n)
        finally:
            counter.close()
        assert out.shape == (b, t + n) and torch.equal(out[:, :t], prompt)
        check_greedy(ref, out, t)
        budget = b * (t + n)
        over = {k: v for k, v in counter.rows.items() if v > budget}
        assert not over, (f"prompt {t} + {n} new tokens: {max(over.values())} positions went through "
                          f"{min(over, key=over.get)} (at most {budget} with a working cache)")


def test_generate_zero_and_one_tokens():
    model, ref = models(CONFIGS[0], seed=5)
    prompt = torch.tensor([[3, 1, 4, 1, 5]])
    assert torch.equal(generate(model, prompt.clone(), 0), prompt)
    out = generate(model, prompt.clone(), 1)
    assert out.shape == (1, 6)
    check_greedy(ref, out, 5)


def test_generate_up_to_block_size():
    cfg = CONFIGS[2]
    model, ref = models(cfg, seed=8)
    prompt = torch.randint(0, cfg["vocab_size"], (2, 3), generator=torch.Generator().manual_seed(8))
    out = generate(model, prompt, cfg["block_size"] - 3)
    assert out.shape == (2, cfg["block_size"])
    check_greedy(ref, out, 3)
