# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Driver for torch-kv-cache: the driver builds the weights and tokens (the hidden tests' seeds), the
runner runs the agent's cached model and generate() on them, and the driver compares the logits and
tokens with its copy of the original no-cache model (reference_model.py) and checks the positions the
runner's hooks counted against what a working cache needs."""
import random
import sys

sys.path[:0] = ["/hbench/lib", "/hbench/grader"]
import hbgrade  # noqa: E402

g = hbgrade.Grader()
import torch  # noqa: E402
from reference_model import RefLM  # noqa: E402

torch.set_num_threads(1)
CONFIGS = [  # vocab, d_model, heads, layers, block_size
    dict(vocab_size=64, d_model=32, n_heads=4, n_layers=2, block_size=64),
    dict(vocab_size=97, d_model=48, n_heads=3, n_layers=3, block_size=40),
    dict(vocab_size=50, d_model=16, n_heads=1, n_layers=1, block_size=32),
]


def models(cfg, seed):
    """The hidden tests' model: the reference and its weights as plain data for the runner. Two
    models are built, as the old tests did, so the global RNG later inputs come from matches."""
    torch.manual_seed(seed)
    model = RefLM(**cfg).eval()
    with torch.no_grad():  # larger weights: sharper, less tie-prone logits
        for name, p in model.named_parameters():
            if name.endswith("weight") and p.dim() == 2:
                p.mul_(2.0)
    ref = RefLM(**cfg).eval()
    ref.load_state_dict(model.state_dict())
    return ref, {k: v.tolist() for k, v in model.state_dict().items()}


def value(answer, count=None):
    """(the runner's value, None), or (None, why there is none); count: the value is a list this long."""
    if isinstance(answer, hbgrade.Broken):
        return None, answer.reason
    if "raise" in answer:
        return None, "raised %s: %s" % (answer["raise"], answer.get("message", ""))
    if count is not None and not (isinstance(answer["ok"], list) and len(answer["ok"]) == count):
        return None, "malformed answer"
    return answer["ok"], None


def judge(name, why, tests):
    """One check: fails with why, or with the first of tests [(label, thunk)] whose thunk names a problem."""
    for label, thunk in tests if why is None else []:
        try:
            why = thunk()
        except (KeyError, TypeError, ValueError, IndexError, RuntimeError, AttributeError) as exc:
            why = "malformed answer (%r)" % exc
        if why:
            why = label + why
            break
    g.check(name, why is None, why or "")


def logits_differ(got, want, tol):
    if got["shape"] != list(want.shape):
        return "logits of shape %s" % (got["shape"],)
    return None if torch.allclose(torch.tensor(got["values"]), want, atol=tol, rtol=tol) else "logits differ"


def not_greedy(ref, cfg, prompt, n, got):
    """What is wrong with generated tokens: shape, prompt kept, each new token a (float-tolerant) argmax."""
    b, t = prompt.shape
    if got["shape"] != [b, t + n]:
        return "returned shape %s" % (got["shape"],)
    out = torch.tensor(got["values"], dtype=torch.long)
    if not torch.equal(out[:, :t], prompt):
        return "the prompt was changed"
    if out.min() < 0 or out.max() >= cfg["vocab_size"]:
        return "token ids out of range"
    with torch.no_grad():
        logits = ref(out[:, :-1]) if n else None
    for pos in range(t, t + n):
        step = logits[:, pos - 1]
        chosen = step.gather(1, out[:, pos:pos + 1]).squeeze(1)
        if not torch.all(chosen >= step.max(-1).values - 1e-4):
            return "token at position %d is not the greedy choice" % pos
    return None


def rows_problem(got, cfg, budget, least):
    """got["rows"]: the positions the runner's hooks saw per watched module (embeddings, q/k/v
    projections); got["hooks_intact"]: how many of those hooks were still in place afterwards."""
    rows, watched = got["rows"], 2 + 3 * cfg["n_layers"]
    if got["hooks_intact"] != watched:
        return "%s of the %d forward hooks on the model were removed" % (watched - got["hooks_intact"], watched)
    if not isinstance(rows["tok_emb"], int) or rows["tok_emb"] < least:
        # Every token but the last generated one must be embedded: fewer means the hooks were bypassed.
        return "only %s positions went through tok_emb (the hooks did not see the model run)" % rows["tok_emb"]
    return next(("%s positions went through %s (at most %d with a working cache)" % (v, k, budget)
                 for k, v in sorted(rows.items()) if not isinstance(v, int) or v > budget), None)


with g.python_session("runner.py", startup_timeout=30, call_timeout=8, max_restarts=1,
                      env={"OMP_NUM_THREADS": "1"}) as runner:
    for ci, cfg in enumerate(CONFIGS):
        rng, jobs, cases = random.Random(1000 + ci), [], []
        for trial in range(4):
            ref, state = models(cfg, seed=trial + 10 * ci)
            t = rng.randint(2, cfg["block_size"])
            idx = torch.randint(0, cfg["vocab_size"], (rng.randint(1, 3), t), generator=torch.Generator().manual_seed(trial))
            cuts = sorted(rng.sample(range(1, t), min(t - 1, rng.randint(1, 5))))
            jobs.append([cfg, state, idx.tolist(), cuts])
            with torch.no_grad():
                cases.append(("chunks %s of %d: " % (cuts, t), [0] + cuts + [t], ref(idx)))
        got, why = value(runner.call("prefill", jobs), len(jobs))
        tests = []
        for (label, lengths, want), r in zip(cases, got or []):
            tests.append((label, lambda r=r, lengths=lengths: None if r["lengths"] == lengths else "len(cache) went %s" % r["lengths"]))
            tests.append((label, lambda r=r, want=want: logits_differ(r["logits"], want, 1e-4)))
        judge("chunked prefill matches the full forward (config %d)" % ci, why, tests)

    ref, state = models(CONFIGS[1], seed=3)
    idx = torch.randint(0, 97, (2, 17))
    got, why = value(runner.call("forward", CONFIGS[1], state, idx.tolist()))
    with torch.no_grad():
        want = ref(idx)
    judge("forward without a cache unchanged", why, [("", lambda: logits_differ(got, want, 1e-5))])

    for ci, cfg in enumerate(CONFIGS):
        rng, jobs, cases = random.Random(7 + ci), [], []
        for trial in range(3):
            ref, state = models(cfg, seed=100 + trial + 10 * ci)
            b, t = rng.randint(1, 3), rng.randint(1, 8)
            n = rng.randint(1, cfg["block_size"] - t)
            prompt = torch.randint(0, cfg["vocab_size"], (b, t), generator=torch.Generator().manual_seed(ci * 10 + trial))
            jobs.append([cfg, state, prompt.tolist(), n])
            cases.append(("prompt %d + %d new tokens: " % (t, n), ref, prompt, n))
        got, why = value(runner.call("generate", jobs), len(jobs))
        judge("generate is greedy (config %d)" % ci, why, [
            (label, lambda r=r, ref=ref, p=p, n=n: not_greedy(ref, cfg, p, n, r["tokens"]))
            for (label, ref, p, n), r in zip(cases, got or [])])
        # Positions counted by the runner's hooks (and whether they stayed in place): the agent's code
        # could forge these in-process observations only by targeting the hidden runner's code.
        judge("generate feeds each position through the model once (config %d)" % ci, why, [
            (label, lambda r=r, b=p.shape[0], t=p.shape[1], n=n: rows_problem(r, cfg, b * (t + n), b * (t + n - 1)))
            for (label, ref, p, n), r in zip(cases, got or [])])

    ref, state = models(CONFIGS[0], seed=5)
    prompt = torch.tensor([[3, 1, 4, 1, 5]])
    got, why = value(runner.call("generate", [[CONFIGS[0], state, prompt.tolist(), n] for n in (0, 1)]), 2)
    judge("generate 0 and 1 new tokens", why, [
        ("%d new tokens: " % n, lambda r=r, n=n: not_greedy(ref, CONFIGS[0], prompt, n, r["tokens"]))
        for n, r in zip((0, 1), got or [])])

    cfg = CONFIGS[2]
    ref, state = models(cfg, seed=8)
    prompt = torch.randint(0, cfg["vocab_size"], (2, 3), generator=torch.Generator().manual_seed(8))
    got, why = value(runner.call("generate", [[cfg, state, prompt.tolist(), cfg["block_size"] - 3]]), 1)
    judge("generate up to block_size", why, [
        ("", lambda: not_greedy(ref, cfg, prompt, cfg["block_size"] - 3, got[0]["tokens"]))])
g.finish()
