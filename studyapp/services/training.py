"""Training the sample models (engine.training, PyTorch) as a core job: its progress in the
app's Progress, its refusals as one-line errors. torch is imported only when training runs."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studyapp.domain.errors import UsageError
from studyapp.jobs import Job, Progress

DEVICES = ("auto", "cpu", "cuda")


@dataclass(frozen=True)
class TrainedModel:
    name: str
    metric: str
    value: float
    device: str
    wall_s: float
    examples_per_s: float | None
    mfu: float | None


@dataclass(frozen=True)
class TrainingReport:
    out_dir: Path
    models: tuple[TrainedModel, ...]

    def lines(self) -> list[str]:
        rows = [f"{'model':<18} {'metric':<22} {'value':>9} {'examples/s':>11} {'s':>7}  device"]
        for m in self.models:
            rate = f"{m.examples_per_s:,.0f}" if m.examples_per_s else "-"
            mfu = f"  MFU {m.mfu:.1%}" if m.mfu is not None else ""
            rows.append(f"{m.name:<18} {m.metric:<22} {m.value:>9.4f} {rate:>11} "
                        f"{m.wall_s:>7.1f}  {m.device}{mfu}")  # fmt: skip
        rows.append(f"weights and manifest written to {self.out_dir}")
        return rows


def model_names() -> list[str]:
    from engine.models import EXTRA_MODELS, MODELS

    return [*MODELS, *EXTRA_MODELS]


def _entry(name: str, entry: dict[str, Any]) -> TrainedModel:
    metrics: dict[str, Any] = entry.get("metrics", {})
    metric, value = next(iter(metrics.items()), ("", float("nan")))
    return TrainedModel(
        name=name,
        metric=str(metric),
        value=float(value),
        device=str(entry.get("device_name") or entry.get("device", "")),
        wall_s=float(entry.get("wall_time_s", 0.0)),
        examples_per_s=entry.get("examples_per_s"),
        mfu=entry.get("mfu"),
    )


def _check_arguments(
    names: list[str] | None, device: str, cifar_dir: Path | None, steps: int | None
) -> None:
    if device not in DEVICES:
        raise UsageError(f"--device must be one of {', '.join(DEVICES)}, not {device!r}")
    if steps is not None and not 1 <= steps <= 1_000_000:
        raise UsageError("--steps must be from 1 to 1000000")
    if importlib.util.find_spec("torch") is None:
        raise UsageError("training needs PyTorch: pip install 'studyapp[train]'")
    known = model_names()
    for name in names or ():
        if name not in known:
            raise UsageError(f"no sample model {name!r} (models: {', '.join(known)})")
    if cifar_dir is not None and not cifar_dir.is_dir():
        raise UsageError(f"{cifar_dir}: no such folder (a cifar-10-batches-py folder)")


def train_models_job(
    names: list[str] | None = None,
    device: str = "auto",
    out_dir: Path | None = None,
    *,
    cifar_dir: Path | None = None,
    steps: int | None = None,
) -> Job[TrainingReport]:
    """Train `names` (default: every sample model) on `device`; write the weights and the
    manifest into `out_dir` (default: the checkout's assets/). Models finished before a
    cancel stay saved."""
    _check_arguments(names, device, cifar_dir, steps)
    from engine.training.api import default_output_dir, train_models

    if device == "cuda":
        import torch

        if not torch.cuda.is_available():
            raise UsageError("--device cuda: PyTorch sees no CUDA device here (use auto or cpu)")
    try:
        out = default_output_dir() if out_dir is None else out_dir
    except ValueError as err:
        raise UsageError(f"{err} (--out-dir DIR)") from None
    try:
        progress = train_models(names, device, out, cifar_dir=cifar_dir, steps=steps)
        while True:
            try:
                done, total, message = next(progress)
            except StopIteration as stop:
                results: dict[str, Any] = stop.value
                break
            yield Progress(done, total, message)
    except (ValueError, KeyError) as err:
        raise UsageError(str(err).strip("'\"")) from None
    return TrainingReport(out, tuple(_entry(n, e) for n, e in results.items()))
