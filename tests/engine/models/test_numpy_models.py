"""NumPy side of the sample models: metrics against the manifest, slots, substitution."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.layers import conv_forward_naive, max_pool_forward_naive, relu_forward
from engine.models import MODELS, SLOT_NAMES, Params, read_manifest, resolve_layers
from engine.models.charlm import CHAR_LSTM, CHAR_RNN, CharLM
from engine.models.classifiers import MLP3
from engine.models.flow import FLOW
from engine.models.grading import forward_error, generate, heldout_metrics
from engine.models.text import decode, encode
from tests.engine.models.conftest import fresh


@pytest.mark.parametrize("name", sorted(MODELS))
def test_heldout_metrics_match_the_manifest(name: str, shipped: dict[str, Params]) -> None:
    recorded = read_manifest()["models"][name]["metrics"]
    recomputed = MODELS[name].evaluate(fresh(shipped[name]))
    assert recomputed.keys() == recorded.keys()
    for key, value in recorded.items():
        assert recomputed[key] == pytest.approx(value, rel=1e-9, abs=1e-12), key


def test_trained_metrics_are_meaningful() -> None:
    metrics = {name: entry["metrics"] for name, entry in read_manifest()["models"].items()}
    for name in ("mlp2", "mlp3_bn_dropout", "convnet"):
        assert metrics[name]["heldout_accuracy"] > 0.95, name
    for name in ("char_rnn", "char_lstm", "char_transformer"):
        m = metrics[name]
        assert m["heldout_perplexity"] < 0.25 * m["unigram_perplexity"], name
    flow = metrics["rectified_flow_2d"]
    assert flow["mode_hit_rate"] > 0.95 and flow["nearest_mode_accuracy"] > 0.99
    assert flow["unguided_mean_error_max"] < 0.1


@pytest.mark.parametrize("name", sorted(MODELS))
def test_slots_are_published_and_known(name: str) -> None:
    slots = MODELS[name].slots
    assert len(slots) == len(set(slots)) > 0
    assert set(slots) <= SLOT_NAMES


def test_classifier_slots_cover_forward_backward_loss_and_update() -> None:
    assert set(MODELS["convnet"].slots) >= {
        "conv_forward",
        "conv_backward",
        "max_pool_forward",
        "max_pool_backward",
        "softmax_loss",
        "adam",
    }
    assert {"batchnorm_backward", "dropout_forward"} <= set(MODELS["mlp3_bn_dropout"].slots)
    assert "lstm_step_forward" in MODELS["char_lstm"].slots
    assert "euler_step" in MODELS["rectified_flow_2d"].slots


def test_unknown_slot_names_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown slot"):
        resolve_layers({"relu_foward": relu_forward}, ["relu_forward"])
    with pytest.raises(TypeError, match="callable"):
        resolve_layers({"relu_forward": 3}, ["relu_forward"])


def test_naive_layers_give_the_same_convnet_logits() -> None:
    naive = {"conv_forward": conv_forward_naive, "max_pool_forward": max_pool_forward_naive}
    assert forward_error("convnet", naive) < 1e-10


def test_a_planted_bug_in_a_slot_changes_the_result(shipped: dict[str, Params]) -> None:
    def leaky_relu(x: np.ndarray) -> tuple[np.ndarray, object]:
        return np.where(x > 0, x, 0.5 * x), x

    assert forward_error("mlp2", {"relu_forward": leaky_relu}) > 1e-2
    good = heldout_metrics("mlp2")["heldout_accuracy"]

    def swapped_affine(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, object]:
        return x.reshape(len(x), -1) @ w[::-1] + b, None

    bad = MODELS["mlp2"].evaluate(shipped["mlp2"], {"affine_forward": swapped_affine})
    assert bad["heldout_accuracy"] < good - 0.3


def test_classifier_test_mode_is_deterministic_and_train_mode_uses_the_seed(
    shipped: dict[str, Params],
) -> None:
    model, params = MLP3, fresh(shipped["mlp3_bn_dropout"])
    x, _ = model.heldout()
    np.testing.assert_array_equal(model.forward(params, x), model.forward(params, x))
    a = model.forward(fresh(params), x, train=True, seed=1)
    b = model.forward(fresh(params), x, train=True, seed=1)
    c = model.forward(fresh(params), x, train=True, seed=2)
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)


@pytest.mark.parametrize("name", ["char_rnn", "char_lstm", "char_transformer"])
def test_generation_is_greedy_and_deterministic(name: str) -> None:
    first = generate(name, "Batch Normalization", 40)
    assert first == generate(name, "Batch Normalization", 40)
    assert len(first) == 40
    assert set(first) <= {chr(c) for c in MODELS[name].load()["vocab"]}


def test_generation_continues_with_the_argmax(shipped: dict[str, Params]) -> None:
    model, params = CHAR_LSTM, shipped["char_lstm"]
    prefix = "Gradient"
    idx = encode(prefix, params["vocab"])[None]
    best = decode(np.argmax(model.forward(params, idx)[0, -1:], axis=-1), params["vocab"])
    assert model.generate(params, prefix, 1) == best


@pytest.mark.parametrize("model", [CHAR_RNN, CHAR_LSTM], ids=lambda m: m.name)
def test_carrying_the_state_generates_what_whole_windows_do(
    model: CharLM, shipped: dict[str, Params], monkeypatch: pytest.MonkeyPatch
) -> None:
    params, prefix = shipped[model.name], "Softmax loss의 역할"
    calls: list[int] = []
    step = model.core_slots[0]
    counted = {step: lambda *a: (calls.append(1), resolve_layers(None, [step])[step](*a))[1]}
    carried = model.generate(params, prefix, 40, counted)  # fits in one context: carried
    carried_calls, calls[:] = len(calls), []
    monkeypatch.setattr(type(model), "recurrent", False)
    windows = model.generate(params, prefix, 40, counted)
    assert carried == windows
    assert carried_calls == len(prefix) + 39 < len(calls)
    monkeypatch.undo()
    long = model.generate(params, prefix, model.context)  # past one context: whole windows
    assert long.startswith(carried)


def test_generation_refuses_unknown_characters_and_empty_prefixes(
    shipped: dict[str, Params],
) -> None:
    model = CHAR_RNN
    with pytest.raises(ValueError, match="not in the vocabulary"):
        model.generate(shipped["char_rnn"], "\u2603 snowman", 5)
    with pytest.raises(ValueError, match="at least one character"):
        model.generate(shipped["char_rnn"], "", 5)


def test_char_models_beat_the_unigram_baseline_with_the_engine_layers() -> None:
    for name in ("char_rnn", "char_lstm", "char_transformer"):
        m = heldout_metrics(name)
        assert m["heldout_bits_per_char"] == pytest.approx(math.log2(m["heldout_perplexity"]))
        assert m["heldout_perplexity"] < m["unigram_perplexity"]


def test_flow_samples_use_euler_and_guidance_slots(shipped: dict[str, Params]) -> None:
    model, params = FLOW, shipped["rectified_flow_2d"]
    y = np.repeat(np.arange(8), 16)
    calls = {"euler": 0}

    def counting_euler(x: np.ndarray, v: np.ndarray, t: float, t_next: float) -> np.ndarray:
        calls["euler"] += 1
        return x + (t_next - t) * v

    samples = model.sample(params, y, {"euler_step": counting_euler}, num_steps=10)
    assert calls["euler"] == 10
    np.testing.assert_allclose(samples, model.sample(params, y, num_steps=10))
    no_guidance = {"classifier_free_guidance": lambda vc, vu, w: vc}
    assert forward_error("rectified_flow_2d", no_guidance) > 1e-3


def test_flow_summary_flags_samples_off_their_modes() -> None:
    model = FLOW
    y = np.repeat(np.arange(8), 50)
    modes = model.mixture.modes()
    on_mode = model.sample_summary(modes[y], y)
    off_mode = model.sample_summary(modes[(y + 1) % 8], y)
    assert on_mode["mode_hit_rate"] == 1.0 and on_mode["mean_error_max"] < 1e-12
    assert off_mode["mode_hit_rate"] == 0.0 and off_mode["nearest_mode_accuracy"] == 0.0


def test_the_transformer_relies_on_rmsnorms_default_eps() -> None:
    # The model calls rmsnorm_forward(x, gamma), the exercise's signature; torch is given RMS_EPS.
    import inspect

    from engine.layers.attention import rmsnorm_forward
    from engine.models.transformer_lm import RMS_EPS

    assert inspect.signature(rmsnorm_forward).parameters["eps"].default == RMS_EPS
