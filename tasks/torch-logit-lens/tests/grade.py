# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""Driver for torch-logit-lens: the agent's read-outs are compared, entry by entry, with the reference
lens's on model shapes the agent never saw; the runner reports the model's state after a call."""
import sys

sys.path.insert(0, "/hbench/lib")
import hbgrade  # noqa: E402

g = hbgrade.Grader()
import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)
H = g.runner_module("handlers")
model_module = g.reference_module("model")  # the seed's model.py (outside the surface, as in the runner)
reference = H.handlers(g.reference_module("lens"), model_module)


def value(got):
    """The agent's value and None, or None and the reason there is none."""
    if isinstance(got, hbgrade.Broken):
        return None, got.reason
    if "raise" in got:
        return None, "raised %s: %s" % (got["raise"], got.get("message", ""))
    return got["ok"], None


def entries_differ(got, want, atol):
    """None when the tensor answer got matches want entry by entry (allclose), else what is wrong."""
    try:
        if got["shape"] != want["shape"]:
            return "shape %s" % (got["shape"],)
        a, b = np.array(got["values"], dtype=np.float64), np.array(want["values"], dtype=np.float64)
        bad = [i for i in range(len(b)) if not np.allclose(a[i], b[i], atol=atol)]
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        return "malformed answer (%r)" % exc
    return "entry %d differs" % bad[0] if bad else None


def check(name, got, problem):
    """One check: got is (value, reason) from value(); problem(value) says what is wrong, or None."""
    got, why = got
    if why is None:
        try:
            why = problem(got)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
            why = "malformed answer (%r)" % exc
    return g.check(name, why is None, why or "")


with g.python_session("runner.py", startup_timeout=30, call_timeout=8, max_restarts=1,
                      env={"OMP_NUM_THREADS": "1"}) as runner:
    for ci in range(len(H.CONFIGS)):
        want = hbgrade.expect(reference, "logit_lens", ci, ci, 40 + ci)["ok"]
        check("every layer matches the reference (config %d)" % ci, value(runner.call("logit_lens", ci, ci, 40 + ci)),
              lambda got: entries_differ(got, want, 1e-4))

    with torch.no_grad():
        final = torch.log_softmax(H.build(model_module, 2, 9)(H.inputs(2, 9)), -1)
    check("the last entry is the model's output", value(runner.call("logit_lens", 2, 9, 9)),
          lambda got: entries_differ({"shape": got["shape"][1:], "values": got["values"][-1]},
                                     {"shape": list(final.shape), "values": final.tolist()}, 1e-5))

    # The model as the runner observed it after the call (train mode on): the agent's code could
    # forge these observations only by targeting this hidden runner.
    after = value(runner.call("side_effects", 0, 4))
    want = hbgrade.expect(reference, "side_effects", 0, 4)["ok"]
    check("train/eval mode unchanged", after, lambda got: None if got["training"] is True else "the model left in eval mode")
    check("no autograd graph built", after,
          lambda got: None if got["requires_grad"] is False and got["grad_fn"] is False else "the result has a grad_fn / requires grad")
    check("no hooks left behind", after, lambda got: "hooks left on %s" % got["hooks"] if got["hooks"] != [] else None)
    check("parameters unchanged", after,
          lambda got: None if got["state"] == want["state"] else
          "changed: %s" % sorted(k for k in set(got["state"]) | set(want["state"]) if got["state"].get(k) != want["state"].get(k)))

    seeds = [20, 21, 22]
    for threshold in [0.0, 0.2, 0.6, 0.95, 1.01]:
        want = hbgrade.expect(reference, "first_confident_layer", seeds, threshold)["ok"]
        check("first_confident_layer, threshold %g" % threshold, value(runner.call("first_confident_layer", seeds, threshold)),
              lambda got: next(("config %d: %s %s differs" % (ci, a["dtype"], a["shape"])
                                for ci, (a, b) in enumerate(zip(got, want)) if a != b), None)
              if len(got) == len(want) else "%d results" % len(got))
g.finish()
