"""Speed of the engine's conv and max-pool layers: fast NumPy vs naive loops vs PyTorch CPU.

Times forward + backward, median of repeats (after warm-up calls), all in one run:
- 3x3 conv, stride 1, pad 1, x (64, 3, 32, 32), 32 filters
- 2x2 max pool, stride 2, on the conv output (64, 32, 32, 32)
The naive loops are timed on the first 4 images and scaled linearly to 64 (their cost is
exactly linear in N); the output says so. Same dtype on both sides (float64 by default, the
engine's dtype; `--dtype float32` for the other comparison). Runs in well under a minute on
2 cores.

torch keeps its default thread count, but this script sets OMP_WAIT_POLICY=PASSIVE (unless
already set) before importing torch: otherwise torch's idle OpenMP threads spin while NumPy's
BLAS threads work (and the other way round), and on a 2-core machine whichever library runs
second is measured several times too slow. Warm-up calls absorb first-touch page faults, which
are very expensive on some virtual machines.

    python bench/engine_speed.py [--repeat 5] [--json] [--dtype float64]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

N, C, H, W, F, K = 64, 3, 32, 32, 32, 3
NAIVE_N = 4  # images the naive loops run on; scaled by N / NAIVE_N


WARMUP = 3


def _median_seconds(fn: Callable[[], object], repeat: int, warmup: int = WARMUP) -> float:
    for _ in range(warmup):  # first calls pay for page faults and lazy initialisation
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _fwd_bwd(forward: Callable, backward: Callable, args: tuple, dout: np.ndarray) -> Callable:
    def run() -> None:
        _, cache = forward(*args)
        backward(dout, cache)

    return run


def _torch_fwd_bwd(torch, fn: Callable, arrays: tuple, dout: np.ndarray, **kw) -> Callable:
    leaves = [torch.tensor(a, requires_grad=True) for a in arrays]
    dout_t = torch.from_numpy(dout)

    def run() -> None:
        out = fn(*leaves, **kw)
        torch.autograd.grad(out, leaves, dout_t)  # no .grad accumulation in the timing

    return run


def _conv_times(torch, layers, rng, dtype, repeat: int, naive_repeat: int) -> dict:
    x = rng.standard_normal((N, C, H, W)).astype(dtype)
    w = rng.standard_normal((F, C, K, K)).astype(dtype)
    b = rng.standard_normal(F).astype(dtype)
    conv_param = {"stride": 1, "pad": 1}
    dout = rng.standard_normal((N, F, H, W)).astype(dtype)
    fast = (layers.conv_forward_fast, layers.conv_backward_fast)
    naive = (layers.conv_forward_naive, layers.conv_backward_naive)
    out, _ = layers.conv_forward_fast(x, w, b, conv_param)
    ref = torch.nn.functional.conv2d(
        torch.from_numpy(x), torch.from_numpy(w), torch.from_numpy(b), padding=1
    )
    return {
        "fast": _median_seconds(_fwd_bwd(*fast, (x, w, b, conv_param), dout), repeat),
        "naive": _median_seconds(
            _fwd_bwd(*naive, (x[:NAIVE_N], w, b, conv_param), dout[:NAIVE_N]),
            naive_repeat,
            warmup=1,
        )
        * (N / NAIVE_N),
        "torch": _median_seconds(
            _torch_fwd_bwd(torch, torch.nn.functional.conv2d, (x, w, b), dout, padding=1), repeat
        ),
        "max_abs_diff_vs_torch": float(np.max(np.abs(out - ref.numpy()))),
    }


def _pool_times(torch, layers, rng, dtype, repeat: int, naive_repeat: int) -> dict:
    x = rng.standard_normal((N, F, H, W)).astype(dtype)
    pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}
    dout = rng.standard_normal((N, F, H // 2, W // 2)).astype(dtype)
    fast = (layers.max_pool_forward_fast, layers.max_pool_backward_fast)
    naive = (layers.max_pool_forward_naive, layers.max_pool_backward_naive)
    return {
        "fast": _median_seconds(_fwd_bwd(*fast, (x, pool_param), dout), repeat),
        "naive": _median_seconds(
            _fwd_bwd(*naive, (x[:NAIVE_N], pool_param), dout[:NAIVE_N]), naive_repeat, warmup=1
        )
        * (N / NAIVE_N),
        "torch": _median_seconds(
            _torch_fwd_bwd(torch, torch.nn.functional.max_pool2d, (x,), dout, kernel_size=2),
            repeat,
        ),
    }


def _report(results: dict) -> str:
    lines = [
        f"dtype {results['dtype']}; torch {results['torch_version']} with "
        f"{results['torch_threads']} threads (default); {results['cpu_count']} CPUs; "
        f"median of {results['repeat']} (naive: {results['naive_repeat']}) after {WARMUP} "
        f"warm-up calls; OMP_WAIT_POLICY={results['omp_wait_policy']}",
        f"naive loops timed on {NAIVE_N} images and scaled x{N // NAIVE_N} to N = {N}",
    ]
    for name, title in (
        ("conv", f"conv {K}x{K} s1 p1, x ({N}, {C}, {H}, {W}), {F} filters, forward+backward"),
        ("pool", f"max pool 2x2 s2, x ({N}, {F}, {H}, {W}), forward+backward"),
    ):
        r = results[name]
        lines += [
            title,
            f"  fast  {r['fast'] * 1e3:10.2f} ms",
            f"  naive {r['naive'] * 1e3:10.2f} ms (scaled from {NAIVE_N} images)",
            f"  torch {r['torch'] * 1e3:10.2f} ms",
            f"  fast / torch = {r['fast'] / r['torch']:.2f}x   "
            f"naive / fast = {r['naive'] / r['fast']:.0f}x",
        ]
    lines.append(f"conv max |fast - torch| = {results['conv']['max_abs_diff_vs_torch']:.1e}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed calls per measurement")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    args = parser.parse_args(argv)

    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # read when torch loads libgomp
    import torch

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from any directory
    from engine import layers

    repeat = max(1, args.repeat)
    naive_repeat = min(repeat, 2)  # the naive conv takes about a second per call
    rng = np.random.default_rng(0)
    results = {
        "dtype": args.dtype,
        "torch_version": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "cpu_count": os.cpu_count(),
        "omp_wait_policy": os.environ["OMP_WAIT_POLICY"],
        "repeat": repeat,
        "naive_repeat": naive_repeat,
        "naive_images": NAIVE_N,
        "conv": _conv_times(torch, layers, rng, args.dtype, repeat, naive_repeat),
        "pool": _pool_times(torch, layers, rng, args.dtype, repeat, naive_repeat),
    }
    print(json.dumps(results, indent=2) if args.json else _report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
