# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
"""The runner loads the driver's weights into the agent's GQAttention and returns its outputs as data."""
import torch

torch.set_num_threads(1)
DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16}


def make(module, d_model, n_heads, n_kv, seed, base=10000.0, dtype=torch.float32):
    """The hidden tests' weights (built by the driver with the reference module, sent to the runner)."""
    torch.manual_seed(seed)
    attn = module.GQAttention(d_model, n_heads, n_kv, rope_base=base)
    with torch.no_grad():
        for p in attn.parameters():
            p.normal_(0, d_model ** -0.5)
    return attn.to(dtype).eval()


def handlers(module):
    def run(spec, state, inputs):
        d, h, kv, base, dtype = spec
        dtype = DTYPES[dtype]
        attn = module.GQAttention(d, h, kv, rope_base=base).to(dtype).eval()
        unexpected = attn.load_state_dict({k: torch.tensor(v, dtype=dtype) for k, v in state.items()},
                                          strict=False).unexpected_keys
        if unexpected:
            raise KeyError("the module has no parameters %s" % unexpected)
        outputs = []
        with torch.no_grad():
            for x, start in inputs:
                y = attn(torch.tensor(x, dtype=dtype), start_pos=start)
                outputs.append({"dtype": str(y.dtype), "shape": list(y.shape), "values": y.tolist()})
        return outputs

    def attend(models):
        """models: [[spec, state, inputs], ...] with spec [d_model, n_heads, n_kv_heads, base, dtype]
        and inputs [[x, start_pos], ...]; the answer is each model's outputs, one per input."""
        return [run(*m) for m in models]

    return {"attend": attend}
