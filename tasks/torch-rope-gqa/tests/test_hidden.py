# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
import random
import sys

import pytest
import torch

sys.path.insert(0, "/tests")
from reference import reference  # noqa: E402

from attention import GQAttention  # noqa: E402

torch.set_num_threads(1)


def rel_err(got, want):
    return ((got.double() - want).norm() / want.norm()).item()


def make(d_model, n_heads, n_kv, seed, base=10000.0, dtype=torch.float32):
    torch.manual_seed(seed)
    attn = GQAttention(d_model, n_heads, n_kv, rope_base=base)
    with torch.no_grad():
        for p in attn.parameters():
            p.normal_(0, d_model ** -0.5)
    return attn.to(dtype).eval()


CONFIGS = [  # d_model, n_heads, n_kv_heads, T, start_pos, base
    (32, 4, 4, 6, 0, 10000.0),
    (48, 6, 3, 9, 0, 10000.0),
    (64, 8, 2, 11, 5, 10000.0),
    (64, 8, 1, 7, 1234, 500000.0),
    (96, 12, 4, 13, 77, 10000.0),
]


@pytest.mark.parametrize("cfg", CONFIGS, ids=[f"h{c[1]}kv{c[2]}p{c[4]}" for c in CONFIGS])
def test_float32_matches_reference(cfg):
    d, h, kv, t, start, base = cfg
    attn = make(d, h, kv, seed=d + h + kv, base=base)
    x = torch.randn(2, t, d, generator=torch.Generator().manual_seed(t))
    with torch.no_grad():
        got = attn(x, start_pos=start)
    want = reference(attn.state_dict(), x, h, kv, start, base)
    assert got.dtype == torch.float32 and got.shape == want.shape
    assert rel_err(got, want) < 1e-3


def test_random_configs():
    rng = random.Random(91127)
    for case in range(12):
        kv = rng.choice([1, 2, 3, 4])
        h = kv * rng.choice([1, 2, 4])
        hd = rng.choice([4, 8, 16])
        d, t, start = h * hd, rng.randint(1, 12), rng.choice([0, rng.randint(1, 5000)])
        attn = make(d, h, kv, seed=case)
        x = torch.randn(rng.randint(1, 3), t, d)
        with torch.no_grad():
            got = attn(x, start_pos=start)
        want = reference(attn.state_dict(), x, h, kv, start, 10000.0)
        assert rel_err(got, want) < 1e-3, f"case {case}: heads {h}, kv heads {kv}, start_pos {start}"


@pytest.mark.parametrize("start", [0, 300, 4099, 100000])
def test_bfloat16_long_positions(start):
    attn = make(128, 8, 2, seed=5, dtype=torch.bfloat16)
    x = torch.randn(1, 16, 128).to(torch.bfloat16)
    with torch.no_grad():
        got = attn(x, start_pos=start)
    want = reference(attn.state_dict(), x, 8, 2, start, 10000.0)
    assert got.dtype == torch.bfloat16
    err = rel_err(got, want)
    assert err < 0.03, f"bfloat16 relative error {err:.3f} at start_pos {start}"


def test_gqa_head_mapping_is_contiguous():
    # Two kv heads for four query heads: heads 0,1 read kv head 0 and heads 2,3 read kv head 1
    # (repeat_interleave), not 0,1,0,1 (repeat).
    attn = make(32, 4, 2, seed=3)
    x = torch.randn(1, 5, 32)
    with torch.no_grad():
        got = attn(x, start_pos=2)
    want = reference(attn.state_dict(), x, 4, 2, 2, 10000.0)
    assert rel_err(got, want) < 1e-3


def test_batch_rows_independent_and_causal():
    attn = make(64, 8, 4, seed=11)
    x = torch.randn(3, 8, 64)
    with torch.no_grad():
        full = attn(x, start_pos=9)
        single = attn(x[1:2], start_pos=9)
        prefix = attn(x[:, :5], start_pos=9)
    assert torch.allclose(full[1:2], single, atol=1e-5)
    assert torch.allclose(full[:, :5], prefix, atol=1e-5)
