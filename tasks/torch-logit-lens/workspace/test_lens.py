# HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train
import torch

from lens import first_confident_layer, logit_lens
from model import LensLM


def test_shape_and_last_layer():
    torch.manual_seed(0)
    model = LensLM().eval()
    idx = torch.randint(0, 50, (2, 7))
    out = logit_lens(model, idx)
    assert out.shape == (4, 2, 7, 50)
    with torch.no_grad():
        final = torch.log_softmax(model(idx), -1)
    assert torch.allclose(out[-1], final, atol=1e-5)


def test_first_confident_layer_shape():
    torch.manual_seed(0)
    model = LensLM().eval()
    idx = torch.randint(0, 50, (2, 7))
    layer = first_confident_layer(model, idx, 0.5)
    assert layer.shape == (2, 7) and layer.dtype == torch.long
