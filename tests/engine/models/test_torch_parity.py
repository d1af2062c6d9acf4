"""The NumPy forward of every model equals its PyTorch twin on the shipped weights (float64)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from engine.layers import dropout_forward
from engine.models import MODELS, Params
from engine.models.charlm import CharLM
from engine.models.classifiers import MLP3, Classifier
from engine.models.flow import FLOW
from engine.models.stages import Context, Dropout
from engine.models.text import codes_to_indices, load_notes_heldout
from tests.engine.conftest import scaled_error
from tests.engine.models.conftest import fresh

torch = pytest.importorskip("torch")
modules = pytest.importorskip("engine.training.modules")

TOL = 1e-6  # the task's bound; the two sides agree to ~1e-13 in float64


def _inputs(name: str, params: Params) -> tuple[np.ndarray, ...]:
    model = MODELS[name]
    if isinstance(model, Classifier):
        return (model.heldout()[0],)
    if isinstance(model, CharLM):
        windows = load_notes_heldout().windows[:16]
        return (codes_to_indices(windows[:, :-1], params["vocab"]),)
    rng = np.random.default_rng(5)
    y = rng.integers(0, FLOW.null_label + 1, size=256)  # the null label included
    return rng.standard_normal((256, 2)), rng.random(256), y


def _torch_forward(module: Any, *arrays: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        out = module(*(torch.from_numpy(a) for a in arrays))
    return out.numpy()


@pytest.mark.parametrize("name", sorted(MODELS))
def test_numpy_forward_equals_torch_module(name: str, shipped: dict[str, Params]) -> None:
    model, params = MODELS[name], shipped[name]
    inputs = _inputs(name, params)
    ours = model.forward(params, *inputs)
    theirs = _torch_forward(modules.build_module(model, params, torch.float64), *inputs)
    assert ours.dtype == np.float64 and ours.shape == theirs.shape
    assert scaled_error(ours, theirs) < TOL
    assert np.max(np.abs(ours - theirs) / (np.abs(theirs) + 1e-3)) < TOL  # elementwise too


class FixedMask(torch.nn.Module):
    """Stands in for nn.Dropout: multiplies by a given inverted-dropout mask."""

    def __init__(self, mask: np.ndarray) -> None:
        super().__init__()
        self.mask = torch.from_numpy(mask)

    def forward(self, x: Any) -> Any:
        return x * self.mask


def test_train_mode_forward_with_fixed_dropout_masks(shipped: dict[str, Params]) -> None:
    params = fresh(shipped["mlp3_bn_dropout"])
    x, _ = MLP3.heldout()
    seed = 11
    ours = MLP3.forward(params, x, train=True, seed=seed)
    module = modules.build_module(MLP3, shipped["mlp3_bn_dropout"], torch.float64).train()
    for pos, stage in enumerate(MLP3.stages):
        if isinstance(stage, Dropout):  # the mask engine's dropout_forward draws for this stage
            width = module[pos - 3].out_features
            mask, _ = dropout_forward(
                np.ones((len(x), width)), stage.dropout_param(Context(True, seed))
            )
            module[pos] = FixedMask(mask)
    theirs = _torch_forward(module, x)
    assert scaled_error(ours, theirs) < TOL
    assert scaled_error(ours, MLP3.forward(params, x)) > 1e-2  # train mode really differs


def test_batchnorm_running_mean_updates_like_torch(shipped: dict[str, Params]) -> None:
    params = fresh(shipped["mlp3_bn_dropout"])
    x, _ = MLP3.heldout()
    MLP3.forward(params, x, train=True, seed=0)
    module = modules.build_module(MLP3, shipped["mlp3_bn_dropout"], torch.float64).train()
    _torch_forward(module, x)
    np.testing.assert_allclose(params["running_mean1"], module[1].running_mean.numpy(), rtol=1e-10)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_weights_round_trip_through_torch(name: str, shipped: dict[str, Params]) -> None:
    model, params = MODELS[name], shipped[name]
    back = modules.export_params(model, modules.build_module(model, params))
    weights = {k: v for k, v in params.items() if k != "vocab"}
    assert back.keys() == weights.keys()
    for key, value in weights.items():
        np.testing.assert_array_equal(back[key], value, err_msg=key)


def test_lstm_gates_are_reordered_for_torch(shipped: dict[str, Params]) -> None:
    params = shipped["char_lstm"]
    H = params["Wh"].shape[0]
    state = modules.build_module(MODELS["char_lstm"], params).state_dict()
    # torch's third gate block is g, the engine's fourth
    np.testing.assert_array_equal(
        state["rnn.weight_hh_l0"][2 * H : 3 * H].numpy(), params["Wh"][:, 3 * H :].T
    )
    assert not np.any(state["rnn.bias_hh_l0"].numpy())


@pytest.mark.parametrize("name", ["mlp2", "convnet", "char_rnn", "char_transformer"])
def test_forward_flops_match_torch_flop_counter(name: str, shipped: dict[str, Params]) -> None:
    from torch.nn.attention import SDPBackend, sdpa_kernel
    from torch.utils.flop_counter import FlopCounterMode

    model, params = MODELS[name], shipped[name]
    inputs = _inputs(name, params)
    module = modules.build_module(model, params, torch.float64)
    # the counter sees attention's matmuls only in the math backend (it misses CPU flash)
    with sdpa_kernel(SDPBackend.MATH), FlopCounterMode(display=False) as counter:
        _torch_forward(module, *inputs)
    per_example = counter.get_total_flops() / len(inputs[0])
    assert per_example == pytest.approx(model.flops_per_example(params), rel=0.02)
