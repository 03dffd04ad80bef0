# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Driver for torch-rope-gqa: the driver builds the weights and inputs (with the reference module and the
hidden tests' seeds), the runner runs the agent's GQAttention on them, and the driver compares the
outputs with its float64 reference written from the spec (reference.py)."""
import random
import sys

sys.path[:0] = ["/hbench/lib", "/hbench/grader"]
import hbgrade  # noqa: E402

g = hbgrade.Grader()
import torch  # noqa: E402
from reference import reference  # noqa: E402

torch.set_num_threads(1)
H = g.runner_module("handlers")
module = g.reference_module("attention")


def model(d, h, kv, seed, base=10000.0, dtype=torch.float32):
    attn = H.make(module, d, h, kv, seed, base, dtype)
    return attn, [d, h, kv, base, str(dtype).split(".")[1]]


def request(attn, spec, inputs):
    """One model for the runner: [spec, weights, [[x, start_pos], ...]] as plain data."""
    return [spec, {k: v.tolist() for k, v in attn.state_dict().items()}, [[x.tolist(), s] for x, s in inputs]]


def problem(got, want, dtype, tol):
    """What is wrong with one output of the agent's module (None when it is within tol of want)."""
    try:
        if got["dtype"] != str(dtype) or got["shape"] != list(want.shape):
            return "output %s %s" % (got["dtype"], got["shape"])
        err = ((torch.tensor(got["values"], dtype=torch.float64) - want).norm() / want.norm()).item()
    except (KeyError, TypeError, ValueError, RuntimeError) as exc:
        return "malformed answer (%r)" % exc
    return None if err < tol else "relative error %.3g" % err


def outputs(answer, models):
    """The runner's outputs per model, or the reason there are none."""
    if isinstance(answer, hbgrade.Broken):
        return None, answer.reason
    if "raise" in answer:
        return None, "raised %s: %s" % (answer["raise"], answer.get("message", ""))
    ok = answer["ok"]
    if not isinstance(ok, list) or len(ok) != len(models) or any(
            not isinstance(o, list) or len(o) != len(m[2]) for o, m in zip(ok, models)):
        return None, "malformed answer"
    return ok, None


def ask(models):
    return outputs(runner.call("attend", models), models)


def verdict(name, got, why, cases):
    """cases: [(label, model index, input index, expected, dtype, tol)]; the first problem fails the check."""
    for label, m, i, want, dtype, tol in cases:
        if why is None:
            why = problem(got[m][i], want, dtype, tol)
            why = why and label + why
    g.check(name, why is None, why or "")


with g.python_session("runner.py", startup_timeout=30, call_timeout=8, max_restarts=1,
                      env={"OMP_NUM_THREADS": "1"}) as runner:
    CONFIGS = [  # d_model, n_heads, n_kv_heads, T, start_pos, base
        (32, 4, 4, 6, 0, 10000.0), (48, 6, 3, 9, 0, 10000.0), (64, 8, 2, 11, 5, 10000.0),
        (64, 8, 1, 7, 1234, 500000.0), (96, 12, 4, 13, 77, 10000.0),
    ]
    for d, h, kv, t, start, base in CONFIGS:
        attn, spec = model(d, h, kv, seed=d + h + kv, base=base)
        x = torch.randn(2, t, d, generator=torch.Generator().manual_seed(t))
        got, why = ask([request(attn, spec, [(x, start)])])
        want = reference(attn.state_dict(), x, h, kv, start, base)
        verdict("float32 matches the reference (heads %d, kv heads %d, start_pos %d)" % (h, kv, start),
                got, why, [("", 0, 0, want, torch.float32, 1e-3)])

    rng, models, cases = random.Random(91127), [], []
    for case in range(12):
        kv = rng.choice([1, 2, 3, 4])
        h = kv * rng.choice([1, 2, 4])
        hd = rng.choice([4, 8, 16])
        d, t, start = h * hd, rng.randint(1, 12), rng.choice([0, rng.randint(1, 5000)])
        attn, spec = model(d, h, kv, seed=case)
        x = torch.randn(rng.randint(1, 3), t, d)
        models.append(request(attn, spec, [(x, start)]))
        cases.append(("case %d (heads %d, kv heads %d, start_pos %d): " % (case, h, kv, start), case, 0,
                      reference(attn.state_dict(), x, h, kv, start, 10000.0), torch.float32, 1e-3))
    verdict("12 random configurations match the reference", *ask(models), cases)

    attn, spec = model(128, 8, 2, seed=5, dtype=torch.bfloat16)
    x = torch.randn(1, 16, 128).to(torch.bfloat16)
    starts = [0, 300, 4099, 100000]
    got, why = ask([request(attn, spec, [(x, s) for s in starts])])
    for i, start in enumerate(starts):
        verdict("bfloat16 accurate at start_pos %d" % start, got, why,
                [("bfloat16: ", 0, i, reference(attn.state_dict(), x, 8, 2, start, 10000.0), torch.bfloat16, 0.03)])

    # Two kv heads for four query heads: heads 0,1 read kv head 0 and heads 2,3 kv head 1.
    attn, spec = model(32, 4, 2, seed=3)
    x = torch.randn(1, 5, 32)
    verdict("GQA head mapping is contiguous (repeat_interleave)", *ask([request(attn, spec, [(x, 2)])]),
            [("", 0, 0, reference(attn.state_dict(), x, 4, 2, 2, 10000.0), torch.float32, 1e-3)])

    # Self-consistency of the agent's own outputs: a batch row alone, and a prefix, give the same rows.
    attn, spec = model(64, 8, 4, seed=11)
    x = torch.randn(3, 8, 64)
    got, why = ask([request(attn, spec, [(x, 9), (x[1:2], 9), (x[:, :5], 9)])])
    if why is None:
        try:
            full, single, prefix = (torch.tensor(o["values"]) for o in got[0])
            why = (None if torch.allclose(full[1:2], single, atol=1e-5) else "a batch row alone differs from the same row in the batch") or \
                  (None if torch.allclose(full[:, :5], prefix, atol=1e-5) else "a prefix of the sequence gives different outputs")
        except (KeyError, TypeError, ValueError, RuntimeError, IndexError) as exc:
            why = "malformed answer (%r)" % exc
    g.check("batch rows independent and causal", why is None, why or "")
g.finish()
