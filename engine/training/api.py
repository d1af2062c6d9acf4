"""train_models: train the sample models and write their weights and the manifest.

A generator, so a GUI or CLI can show progress and cancel: it yields (done, total, message)
and returns {name: manifest entry}. Closing it stops training at the next report; models
finished before that are saved, the one in progress is not.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch

from engine.models import EXTRA_MODELS, MODELS, get_model
from engine.models.assets import repo_root
from engine.models.charlm import CharLM
from engine.models.cifar import load_cifar10
from engine.models.classifiers import CIFAR_CONVNET, CONVNET, Classifier
from engine.models.flow import RectifiedFlow2D
from engine.training import distributed
from engine.training.data_prep import digits_split, notes_split
from engine.training.io import update_manifest
from engine.training.loop import Outcome, train_task
from engine.training.saving import RunInfo, save_model, summary_line
from engine.training.tasks import HYPER, CharTask, ClassifierTask, FlowTask, Task

__all__ = ["Prepared", "default_output_dir", "prepare", "select_models", "train_models"]

Progress = Generator[tuple[int, int | None, str], None, dict[str, Any]]


def default_output_dir() -> Path:
    """<repo root>/assets of a checkout; an installed package must be given out_dir."""
    root = repo_root()
    if not (root / "pyproject.toml").is_file():
        raise ValueError(f"no source checkout at {root}: pass out_dir to write trained models")
    return root / "assets"


def select_models(names: Iterable[str] | None, cifar_dir: Path | None) -> list[str]:
    """The models to train, in registry order; with cifar_dir the ConvNet is also trained on
    CIFAR-10 (convnet_cifar10) whenever it is selected."""
    wanted = list(MODELS) if names is None else list(dict.fromkeys(names))
    for name in wanted:
        get_model(name)  # KeyError naming the models for a typo
    if cifar_dir is not None and CONVNET.name in wanted and CIFAR_CONVNET.name not in wanted:
        wanted.append(CIFAR_CONVNET.name)
    if CIFAR_CONVNET.name in wanted and cifar_dir is None:
        raise ValueError(f"{CIFAR_CONVNET.name} needs cifar_dir (a cifar-10-batches-py folder)")
    order = [*MODELS, *EXTRA_MODELS]
    return sorted(wanted, key=order.index)


@dataclass
class Prepared:
    """tasks by model name; data: manifest entries of the data sets by key; dataset_of: each
    model's data key; test_sets: held-out sets not bundled (CIFAR-10's test batch)."""

    tasks: dict[str, Task] = field(default_factory=dict)
    data: dict[str, dict[str, Any]] = field(default_factory=dict)
    dataset_of: dict[str, str] = field(default_factory=dict)
    test_sets: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)


def _add_digits(prep: Prepared, models: list[Classifier], out: Path | None) -> None:
    train, prep.data["digits_heldout"] = digits_split(out)
    for model in models:
        x = model.prepare(train.images)
        prep.tasks[model.name] = ClassifierTask(model, HYPER[model.name], x, train.labels)
        prep.dataset_of[model.name] = "digits_heldout"


def _add_notes(prep: Prepared, models: list[CharLM], out: Path | None) -> None:
    split, text_idx, prep.data["notes_heldout"] = notes_split(out)
    for model in models:
        prep.tasks[model.name] = CharTask(model, HYPER[model.name], text_idx, split.vocab)
        prep.dataset_of[model.name] = "notes_heldout"


def _add_cifar(prep: Prepared, model: Classifier, cifar_dir: Path) -> None:
    cifar = load_cifar10(cifar_dir)
    task = ClassifierTask(model, HYPER[model.name], model.prepare(cifar.x_train), cifar.y_train)
    prep.tasks[model.name] = task
    prep.test_sets[model.name] = (model.prepare(cifar.x_test), cifar.y_test)
    prep.data["cifar10"] = {"source": str(cifar_dir), "train_examples": len(cifar.y_train)}
    prep.dataset_of[model.name] = "cifar10"


def prepare(names: list[str], out: Path | None, cifar_dir: Path | None) -> Prepared:
    """Tasks for the named models; writes the held-out files when out is given (rank 0)."""
    prep = Prepared()
    models = [get_model(name) for name in names]
    classifiers = [m for m in models if isinstance(m, Classifier)]
    if digit_models := [m for m in classifiers if m.dataset == "digits"]:
        _add_digits(prep, digit_models, out)
    if char_models := [m for m in models if isinstance(m, CharLM)]:
        _add_notes(prep, char_models, out)
    for model in models:
        if isinstance(model, RectifiedFlow2D):
            prep.tasks[model.name] = FlowTask(model, HYPER[model.name])
            source = "generated each step: GaussianMixture.sample, default_rng([seed, rank])"
            prep.data["gaussian_mixture"] = {"source": source, **model.config()["mixture"]}
            prep.dataset_of[model.name] = "gaussian_mixture"
    for model in classifiers:
        if model.dataset == "cifar10" and cifar_dir is not None:
            _add_cifar(prep, model, cifar_dir)
    return prep


def _stale_models(manifest: dict[str, Any], selected: list[str]) -> list[str]:
    """Models kept from earlier runs whose data file has changed since (e.g. edited notes)."""
    current = {entry["file"]: entry["sha256"] for entry in manifest["data"].values()}
    return [
        name
        for name, entry in manifest["models"].items()
        if name not in selected
        and entry["dataset"].get("file") in current
        and entry["dataset"]["sha256"] != current[entry["dataset"]["file"]]
    ]


def _relay(
    name: str, steps: int, gen: Generator[tuple[int, float], None, Outcome], done: int, total: int
) -> Generator[tuple[int, int | None, str], None, Outcome]:
    """Turn the loop's (step, loss) reports into (done, total, message) progress."""
    while True:
        try:
            step, loss = next(gen)
        except StopIteration as stop:
            outcome: Outcome = stop.value
            return outcome
        yield done + step, total, f"{name}: step {step}/{steps}, loss {loss:.4f}"


def train_models(
    names: Iterable[str] | None = None,
    device: str = "auto",
    out_dir: str | Path | None = None,
    *,
    cifar_dir: str | Path | None = None,
    steps: int | None = None,
) -> Progress:
    """Train the sample models; yields (done, total, message), returns {name: manifest entry}.

    Inputs:
    - names: registry names to train (default: all of engine.models.MODELS)
    - device: "auto" (CUDA when available), "cpu" or "cuda"; under torchrun every process
      takes cuda:LOCAL_RANK and the models train data-parallel (DDP; NCCL, or gloo on CPU)
    - out_dir: the assets folder to write models/ and data/ into (default: the checkout's)
    - cifar_dir: a cifar-10-batches-py folder; adds convnet_cifar10 when the ConvNet trains
    - steps: steps per model instead of each model's own (tests, quick runs)

    Files are written by rank 0 only, each crash-safely; the manifest keeps the entries of
    models not retrained.
    """
    cifar = None if cifar_dir is None else Path(cifar_dir)
    selected = select_models(names, cifar)
    out = default_output_dir() if out_dir is None else Path(out_dir)
    kind = distributed.device_kind(device)
    info = distributed.setup(kind)
    try:
        torch.backends.cuda.matmul.allow_tf32 = True  # the peak MFU is measured against
        torch.backends.cudnn.allow_tf32 = True
        return (yield from _train_all(selected, out, cifar, kind, info, steps))
    finally:
        distributed.teardown(info)


def _train_all(
    selected: list[str],
    out: Path,
    cifar: Path | None,
    kind: str,
    info: distributed.DistInfo,
    steps: int | None,
) -> Progress:
    yield 0, None, f"preparing data for {', '.join(selected)}"
    prep = prepare(selected, out if info.is_main else None, cifar)
    if info.is_main:  # only the bundled held-out files belong in the manifest's data section
        manifest = update_manifest(out, "data", {k: v for k, v in prep.data.items() if "file" in v})
        if stale := _stale_models(manifest, selected):
            yield 0, None, f"warning: retrain {', '.join(stale)}: their held-out data changed"
    device = distributed.resolve_device(kind, info)
    run = RunInfo.current(device, info.world_size)
    counts = {name: HYPER[name].steps if steps is None else steps for name in selected}
    total, done, results = sum(counts.values()), 0, {}
    yield 0, total, f"training {len(selected)} model(s) on {run.device_name} x{info.world_size}"
    for name in selected:
        started = time.perf_counter()
        gen = train_task(prep.tasks[name], device, info, steps=counts[name])
        outcome = yield from _relay(name, counts[name], gen, done, total)
        done += counts[name]
        if info.is_main:
            dataset = prep.data[prep.dataset_of[name]]
            test_set = prep.test_sets.get(name)
            results[name] = save_model(
                prep.tasks[name], outcome, out, dataset, test_set, run, started
            )
            yield done, total, summary_line(name, results[name], get_model(name).metric)
    return results
