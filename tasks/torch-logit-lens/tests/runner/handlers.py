# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""What the runner asks of a lens module; the driver asks the reference lens the same way.

Models and inputs are rebuilt from (config, seed) on both sides with the seed's model.py, so the
driver's expected values come from the very same weights and tokens."""
import hashlib
import random

import torch

torch.set_num_threads(1)

CONFIGS = [
    dict(vocab_size=50, d_model=32, n_heads=4, n_layers=3),
    dict(vocab_size=71, d_model=24, n_heads=2, n_layers=1, logit_cap=8.0),
    dict(vocab_size=40, d_model=48, n_heads=6, n_layers=5, logit_cap=30.0),
]


def build(model_module, ci, seed):
    torch.manual_seed(seed)
    model = model_module.LensLM(**CONFIGS[ci])
    with torch.no_grad():
        model.pos_emb.normal_(0, 0.5)
        for name, p in model.named_parameters():
            if name.endswith("weight") and p.dim() == 2 and "emb" not in name:
                p.mul_(2.5)
    return model.eval()


def inputs(ci, seed):
    g = torch.Generator().manual_seed(seed)
    shape = (random.Random(seed).randint(1, 3), random.Random(seed + 1).randint(1, 20))
    return torch.randint(0, CONFIGS[ci]["vocab_size"], shape, generator=g)


def fingerprint(model):
    """sha256 of every state tensor's bytes: the model's state as a value the driver can compare."""
    return {k: hashlib.sha256(v.detach().contiguous().numpy().tobytes()).hexdigest()
            for k, v in model.state_dict().items()}


def tensor(t):
    return {"dtype": str(t.dtype), "shape": list(t.shape), "values": t.tolist()}


def handlers(lens, model_module):
    def logit_lens(ci, seed, input_seed):
        return tensor(lens.logit_lens(build(model_module, ci, seed), inputs(ci, input_seed)))

    def side_effects(ci, seed):
        # Observations of the model after the call. The agent's code could forge them only by
        # targeting this hidden runner's code.
        model = build(model_module, ci, seed).train()
        out = lens.logit_lens(model, inputs(ci, seed))
        hooks = [name or "model" for name, m in model.named_modules() if m._forward_hooks or m._forward_pre_hooks]
        return {"training": model.training, "requires_grad": bool(out.requires_grad),
                "grad_fn": out.grad_fn is not None, "hooks": hooks, "state": fingerprint(model)}

    def first_confident_layer(seeds, threshold):
        return [tensor(lens.first_confident_layer(build(model_module, ci, s), inputs(ci, s), threshold))
                for ci, s in enumerate(seeds)]

    return {"logit_lens": logit_lens, "side_effects": side_effects, "first_confident_layer": first_confident_layer}
