"""Learning-rate schedules vs torch.optim.lr_scheduler over the whole range, and by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.schedules import SCHEDULES, cosine, get_schedule, inverse_sqrt, linear, step_decay

BASE = 0.1


def torch_lrs(torch, make_scheduler, steps: int) -> list[float]:
    """The lr torch's scheduler gives for steps 0 .. steps-1 (read before each optimizer step)."""
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=BASE)
    scheduler = make_scheduler(opt)
    lrs = []
    for _ in range(steps):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    return lrs


def assert_schedule(ours: list[float], ref: list[float]) -> None:
    err = np.max(np.abs(np.array(ours) - np.array(ref))) / BASE
    assert err < 1e-9, f"scaled error {err:.2e}"


def _warmup(torch, W: int):
    return lambda opt: torch.optim.lr_scheduler.LambdaLR(opt, lambda t: t / W)


def _then(torch, W: int, make_main):
    sched = torch.optim.lr_scheduler
    return lambda opt: sched.SequentialLR(
        opt, [_warmup(torch, W)(opt), make_main(opt)], milestones=[W]
    )


@pytest.mark.parametrize(("step_size", "gamma", "W"), [(3, 0.5, 0), (4, 0.1, 0), (3, 0.5, 5)])
def test_step_decay_matches_steplr(torch, step_size, gamma, W) -> None:
    def main(opt):
        return torch.optim.lr_scheduler.StepLR(opt, step_size=step_size, gamma=gamma)

    ref = torch_lrs(torch, _then(torch, W, main) if W else main, 30)
    assert_schedule([step_decay(t, BASE, step_size, gamma, warmup_steps=W) for t in range(30)], ref)


@pytest.mark.parametrize(("total", "W", "min_lr"), [(20, 0, 0.0), (25, 0, 0.01), (30, 6, 0.005)])
def test_cosine_matches_cosineannealinglr(torch, total, W, min_lr) -> None:
    def main(opt):
        return torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=total - W, eta_min=min_lr)

    ref = torch_lrs(torch, _then(torch, W, main) if W else main, total + 1)
    ours = [cosine(t, BASE, total, warmup_steps=W, min_lr=min_lr) for t in range(total + 1)]
    assert_schedule(ours, ref)


@pytest.mark.parametrize(("total", "W", "min_lr"), [(20, 0, 0.0), (16, 0, 0.02), (24, 4, 0.0)])
def test_linear_matches_linearlr(torch, total, W, min_lr) -> None:
    def main(opt):
        return torch.optim.lr_scheduler.LinearLR(
            opt, start_factor=1.0, end_factor=min_lr / BASE, total_iters=total - W
        )

    # Past total_steps LinearLR also stays at its end value.
    ref = torch_lrs(torch, _then(torch, W, main) if W else main, total + 5)
    ours = [linear(t, BASE, total, warmup_steps=W, min_lr=min_lr) for t in range(total + 5)]
    assert_schedule(ours, ref)


@pytest.mark.parametrize("W", [0, 1, 8])
def test_inverse_sqrt_matches_lambdalr(torch, W) -> None:
    def factor(t: int) -> float:  # the Transformer's rule, written out independently
        return t / W if t < W else 1.0 / math.sqrt(max(t, 1) / max(W, 1))

    ref = torch_lrs(torch, lambda opt: torch.optim.lr_scheduler.LambdaLR(opt, factor), 40)
    assert_schedule([inverse_sqrt(t, BASE, warmup_steps=W) for t in range(40)], ref)


def test_boundary_values_by_hand() -> None:
    assert step_decay(0, 1.0, 10) == 1.0 and step_decay(9, 1.0, 10) == 1.0
    assert step_decay(10, 1.0, 10) == pytest.approx(0.1) and step_decay(25, 1.0, 10, 0.5) == 0.25
    assert cosine(0, 1.0, 100) == 1.0 and cosine(100, 1.0, 100) == 0.0
    assert cosine(50, 1.0, 100) == pytest.approx(0.5, abs=1e-15)
    assert cosine(150, 1.0, 100, min_lr=0.1) == pytest.approx(0.1)  # stays at the end value
    assert linear(0, 1.0, 10) == 1.0 and linear(5, 1.0, 10) == 0.5 and linear(10, 1.0, 10) == 0.0
    assert linear(15, 1.0, 10, min_lr=0.2) == pytest.approx(0.2)
    assert inverse_sqrt(0, 1.0) == 1.0 and inverse_sqrt(4, 1.0) == 0.5
    assert inverse_sqrt(100, 1.0) == pytest.approx(0.1)
    # Warm-up: 0 at t = 0, linear up to base_lr at t = W, then the schedule starts from its top.
    for fn, kwargs in (
        (cosine, {"total_steps": 20}),
        (linear, {"total_steps": 20}),
        (step_decay, {"step_size": 3}),
        (inverse_sqrt, {}),
    ):
        assert fn(0, 1.0, warmup_steps=4, **kwargs) == 0.0
        assert fn(1, 1.0, warmup_steps=4, **kwargs) == 0.25
        assert fn(4, 1.0, warmup_steps=4, **kwargs) == 1.0
    assert inverse_sqrt(16, 1.0, warmup_steps=4) == 0.5  # sqrt(4 / 16)


def test_get_schedule_and_validation() -> None:
    lr = get_schedule("cosine", base_lr=0.5, total_steps=10, warmup_steps=2)
    assert lr(2) == 0.5 and lr(0) == 0.0
    assert set(SCHEDULES) == {"step", "cosine", "linear", "inverse_sqrt"}
    with pytest.raises(ValueError):
        get_schedule("exponential")
    with pytest.raises(ValueError):
        cosine(3, 1.0, total_steps=5, warmup_steps=5)
    with pytest.raises(ValueError):
        linear(-1, 1.0, total_steps=5)
    with pytest.raises(ValueError):
        step_decay(0, 1.0, step_size=0)
