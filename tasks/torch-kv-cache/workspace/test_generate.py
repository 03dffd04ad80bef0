# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
import torch

from generate import generate
from model import KVCache, TinyLM


def test_generate_shape():
    torch.manual_seed(0)
    model = TinyLM().eval()
    out = generate(model, torch.tensor([[1, 2, 3]]), 5)
    assert out.shape == (1, 8) and out[0, :3].tolist() == [1, 2, 3]


def test_cache_matches_full_forward():
    torch.manual_seed(0)
    model = TinyLM().eval()
    idx = torch.randint(0, 64, (2, 10))
    with torch.no_grad():
        full = model(idx)
        cache = KVCache(len(model.blocks))
        first = model(idx[:, :6], cache=cache)
        rest = model(idx[:, 6:], cache=cache)
    assert len(cache) == 10
    assert torch.allclose(torch.cat([first, rest], 1), full, atol=1e-5)
