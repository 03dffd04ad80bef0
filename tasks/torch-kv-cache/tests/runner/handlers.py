# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""The runner loads the driver's weights into the agent's TinyLM and returns logits, cache lengths,
generated tokens and the positions its hooks saw, as data; the driver decides."""
import torch

torch.set_num_threads(1)


def load(model_module, cfg, state):
    model = model_module.TinyLM(**cfg).eval()
    unexpected = model.load_state_dict({k: torch.tensor(v) for k, v in state.items()}, strict=False).unexpected_keys
    if unexpected:
        raise KeyError("the model has no parameters %s" % unexpected)
    return model


def tensor(t):
    return {"shape": list(t.shape), "values": t.tolist()}


class Counter:
    """Counts the positions that go through the embeddings and every attention projection.

    The agent's code could forge these counts only by targeting this hidden runner's code."""

    def __init__(self, model):
        self.rows = {}
        self.handles = []
        watched = [("tok_emb", model.tok_emb), ("pos_emb", model.pos_emb)]
        for i, block in enumerate(model.blocks):
            for p in ("q_proj", "k_proj", "v_proj"):
                watched.append((f"blocks.{i}.attn.{p}", getattr(block.attn, p)))
        for name, module in watched:
            self.rows[name] = 0
            self.handles.append((module, module.register_forward_hook(self._hook(name))))

    def _hook(self, name):
        def hook(module, inputs, output):
            self.rows[name] += output.numel() // output.shape[-1]
        return hook

    def close(self):
        """Removes the hooks; returns how many were still in place (code that drops hooks shows here)."""
        intact = sum(h.id in module._forward_hooks for module, h in self.handles)
        for _, h in self.handles:
            h.remove()
        return intact


def handlers(model_module, generate_module):
    def prefill(jobs):
        """jobs: [[cfg, state, idx, cuts], ...] -> the cache's length before and after each chunk, and
        the chunks' logits concatenated along T."""
        results = []
        for cfg, state, idx, cuts in jobs:
            model, idx = load(model_module, cfg, state), torch.tensor(idx)
            cache = model_module.KVCache(cfg["n_layers"])
            lengths, pieces, prev = [len(cache)], [], 0
            with torch.no_grad():
                for cut in cuts + [idx.shape[1]]:
                    pieces.append(model(idx[:, prev:cut], cache=cache))
                    lengths.append(len(cache))
                    prev = cut
            results.append({"lengths": lengths, "logits": tensor(torch.cat(pieces, dim=1))})
        return results

    def forward(cfg, state, idx):
        with torch.no_grad():
            return tensor(load(model_module, cfg, state)(torch.tensor(idx)))

    def generate(jobs):
        """jobs: [[cfg, state, prompt, n], ...] -> the generated tokens and the hooks' position counts."""
        results = []
        for cfg, state, prompt, n in jobs:
            model = load(model_module, cfg, state)
            counter = Counter(model)
            try:
                out = generate_module.generate(model, torch.tensor(prompt), n)
            finally:
                intact = counter.close()
            results.append({"tokens": tensor(out), "rows": counter.rows, "hooks_intact": intact})
        return results

    return {"prefill": prefill, "forward": forward, "generate": generate}
