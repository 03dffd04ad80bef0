# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
import torch

from attention import GQAttention


def test_shapes_and_dtype():
    torch.manual_seed(0)
    attn = GQAttention(d_model=32, n_heads=4, n_kv_heads=2)
    x = torch.randn(2, 5, 32)
    assert attn(x).shape == (2, 5, 32)
    assert attn.to(torch.bfloat16)(x.to(torch.bfloat16)).dtype == torch.bfloat16


def test_causal():
    torch.manual_seed(1)
    attn = GQAttention(d_model=32, n_heads=4, n_kv_heads=4)
    x = torch.randn(1, 6, 32)
    y1 = attn(x)
    x2 = x.clone()
    x2[:, 4:] = torch.randn(1, 2, 32)
    assert torch.allclose(attn(x2)[:, :4], y1[:, :4], atol=1e-6)


def test_relative_positions():
    # RoPE makes attention depend only on relative positions: shifting every position by the
    # same amount must not change the output (up to float error).
    torch.manual_seed(2)
    attn = GQAttention(d_model=64, n_heads=8, n_kv_heads=2)
    x = torch.randn(1, 7, 64)
    assert torch.allclose(attn(x, start_pos=0), attn(x, start_pos=37), atol=1e-4)


def test_rope_rotate_half_convention():
    # head_dim 4, base 10000: inv_freq = [1, 0.01]; position 1 pairs feature i with i + 2.
    import math

    from attention import apply_rope, rope_angles

    cos, sin = rope_angles(torch.tensor([1]), 4, 10000.0, torch.float64)
    x = torch.tensor([[1.0, 2.0, 3.0, 4.0]], dtype=torch.float64)
    c1, s1, c2, s2 = math.cos(1), math.sin(1), math.cos(0.01), math.sin(0.01)
    want = torch.tensor([[1 * c1 - 3 * s1, 2 * c2 - 4 * s2, 3 * c1 + 1 * s1, 4 * c2 + 2 * s2]], dtype=torch.float64)
    assert torch.allclose(apply_rope(x, cos, sin), want, atol=1e-9)
