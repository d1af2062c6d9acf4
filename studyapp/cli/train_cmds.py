"""`studyapp train-models`: retrain the sample models the grader runs learners' layers in."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from studyapp.cli.progressbar import ProgressBar
from studyapp.jobs import run


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "train-models",
        parents=parents,
        help="train the sample models (PyTorch; a GPU when there is one)",
        description="Train the sample models and write their weights and manifest. Several "
        "GPUs: torchrun --nproc_per_node N -m engine.training --device cuda",
    )
    p.add_argument("--device", default="auto", metavar="auto|cpu|cuda")
    p.add_argument("--only", action="append", metavar="NAME", help="only this model (repeatable)")
    p.add_argument(
        "--cifar-dir",
        type=Path,
        metavar="DIR",
        help="a cifar-10-batches-py folder: also train the ConvNet on CIFAR-10",
    )
    p.add_argument(
        "--out-dir",
        type=Path,
        metavar="DIR",
        help="the assets folder to write (default: the checkout's assets/)",
    )
    p.add_argument("--steps", type=int, metavar="N", help="steps per model instead of each's own")
    p.set_defaults(run=cmd_train_models)


def cmd_train_models(args: argparse.Namespace) -> int:
    from studyapp.services.training import train_models_job

    bar = ProgressBar()
    job = train_models_job(
        args.only, args.device, args.out_dir, cifar_dir=args.cifar_dir, steps=args.steps
    )
    try:
        report = run(job, bar)
    finally:
        bar.close()
    print("\n".join(report.lines()))
    return 0
