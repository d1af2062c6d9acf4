"""Training throughput of the sample models: examples/s on CPU and, with CUDA, on GPU with MFU.

Runs the trainer's own loop (engine.training.loop.train_task: AdamW, the model's batch size,
float32, TF32 allowed on CUDA) on the bundled held-out data for `--warmup` untimed steps and
`--steps` timed ones per model and device. MFU (lecture 11) = 3 x forward FLOPs x batch /
(step time x the GPU's peak), from engine.layers.systems.model_flops_utilization; the peak
comes from the table in engine.training.hardware (dense TF32) or `--peak-tflops`. CPU has no
MFU. Sets OMP_WAIT_POLICY=PASSIVE before importing torch, as bench/engine_speed.py does.

    python bench/train.py [--json] [--only NAME ...] [--steps 20] [--warmup 5]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any


def _devices(torch: Any, wanted: str) -> list[Any]:
    cuda = torch.cuda.is_available()
    if wanted == "cuda" and not cuda:
        raise SystemExit("--device cuda: torch sees no CUDA device")
    names = {"cpu": ["cpu"], "cuda": ["cuda"], "all": ["cpu", "cuda"] if cuda else ["cpu"]}
    return [torch.device(name) for name in names[wanted]]


def _report(results: dict[str, Any]) -> str:
    lines = [
        f"torch {results['torch_version']}, {results['torch_threads']} threads; "
        f"CPU {results['cpu_name']}; CUDA {results['cuda_device'] or 'none'}; "
        f"{results['steps']} timed steps after {results['warmup']} warm-up",
        f"{'model':<20} {'device':<6} {'batch':>5} {'examples/s':>12} {'step ms':>9} {'MFU':>8}",
    ]
    for name, per_device in results["models"].items():
        for device, r in per_device.items():
            mfu = "-" if r["mfu"] is None else f"{100 * r['mfu']:.3f}%"
            lines.append(
                f"{name:<20} {device:<6} {r['batch_size']:>5} {r['examples_per_s']:>12.0f} "
                f"{1e3 * r['step_time_s']:>9.2f} {mfu:>8}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--only", action="append", metavar="NAME", help="one model (repeatable)")
    parser.add_argument("--steps", type=int, default=20, help="timed steps per model")
    parser.add_argument("--warmup", type=int, default=5, help="untimed steps first (>= 1)")
    parser.add_argument("--device", choices=["all", "cpu", "cuda"], default="all")
    parser.add_argument("--peak-tflops", type=float, help="GPU peak for MFU, overrides the table")
    args = parser.parse_args(argv)

    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # read when torch loads libgomp
    import torch

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from any directory
    from engine.models import MODELS
    from engine.training.hardware import cpu_name
    from engine.training.throughput import measure_throughput

    peak = None if args.peak_tflops is None else args.peak_tflops * 1e12
    devices = _devices(torch, args.device)
    models: dict[str, Any] = {}
    for name in args.only or list(MODELS):
        models[name] = {
            device.type: measure_throughput(name, device, args.steps, max(1, args.warmup), peak)
            for device in devices
        }
    cuda = torch.cuda.get_device_name() if torch.cuda.is_available() else None
    results = {
        "torch_version": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "cpu_name": cpu_name(),
        "cuda_device": cuda,
        "steps": args.steps,
        "warmup": max(1, args.warmup),
        "models": models,
    }
    print(json.dumps(results, indent=2) if args.json else _report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
