"""Command line: train the sample models with a progress bar.

    python -m engine.training [--device auto|cpu|cuda] [--only NAME ...] [--cifar-dir DIR]
                              [--out-dir DIR] [--steps N]
    torchrun --nproc_per_node 4 -m engine.training --device cuda      # data-parallel (DDP)

Only rank 0 prints. Ctrl-C stops at once; models finished before it stay saved.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from typing import Any, TextIO

from engine.models import EXTRA_MODELS, MODELS

__all__ = ["main"]


class ProgressBar:
    """A one-line bar on a terminal; plain lines, one per model event, elsewhere."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.last_message = ""

    def update(self, done: int, total: int | None, message: str) -> None:
        if not self.tty:
            if "step" not in message or done == total:  # skip per-step chatter in logs
                print(message, file=self.stream, flush=True)
            return
        width = shutil.get_terminal_size((100, 20)).columns
        if total:
            filled = round(20 * done / total)
            bar = f"[{'#' * filled}{'.' * (20 - filled)}] {100 * done / total:5.1f}% "
        else:
            bar = ""
        if "step" not in message:  # a model finished: its line stays above the bar
            self.stream.write("\r" + message[: width - 1].ljust(width - 1) + "\n")
        else:
            self.stream.write("\r" + (bar + message)[: width - 1].ljust(width - 1))
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")


def _parser() -> argparse.ArgumentParser:
    names = sorted([*MODELS, *EXTRA_MODELS])
    parser = argparse.ArgumentParser(
        prog="python -m engine.training",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,  # keep the usage lines
    )
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    parser.add_argument(
        "--only",
        action="append",
        choices=names,
        metavar="NAME",
        help=f"train only this model (repeatable): {', '.join(names)}",
    )
    parser.add_argument(
        "--cifar-dir", help="cifar-10-batches-py folder: also train the ConvNet on CIFAR-10"
    )
    parser.add_argument(
        "--out-dir", help="assets folder to write (default: the checkout's assets/)"
    )
    parser.add_argument("--steps", type=int, help="steps per model instead of each model's own")
    return parser


def _report(results: dict[str, Any]) -> str:
    lines = [f"{'model':<20} {'metric':<22} {'value':>9} {'KiB':>6} {'s':>7}"]
    for name, entry in results.items():
        metric = (MODELS.get(name) or EXTRA_MODELS[name]).metric
        lines.append(
            f"{name:<20} {metric:<22} {entry['metrics'][metric]:>9.4f} "
            f"{entry['bytes'] / 1024:>6.0f} {entry['wall_time_s']:>7.1f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # before torch: see bench/README.md
    from engine.training import train_models

    main_rank = int(os.environ.get("RANK", "0")) == 0
    bar = ProgressBar(sys.stderr)
    progress = train_models(
        args.only, args.device, args.out_dir, cifar_dir=args.cifar_dir, steps=args.steps
    )
    try:
        while True:
            done, total, message = next(progress)
            if main_rank:
                bar.update(done, total, message)
    except StopIteration as stop:
        bar.close()
        if main_rank:
            print(_report(stop.value))
        return 0
    except KeyboardInterrupt:
        progress.close()
        bar.close()
        print("interrupted: models finished before this point are saved", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
