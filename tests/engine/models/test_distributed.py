"""Data-parallel training: two gloo replicas on CPU end with identical weights."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine.models.classifiers import MLP3

torch = pytest.importorskip("torch")
dist = pytest.importorskip("torch.distributed")
if not dist.is_available():
    pytest.skip("torch.distributed is not built in", allow_module_level=True)

STEPS = 6


def _replica(rank: int, world_size: int, init_file: str, out: str) -> None:
    """One replica: join the group, train MLP3 a few steps, save weights and batch digest."""
    from engine.training.distributed import setup
    from engine.training.loop import train_task
    from engine.training.modules import export_params
    from engine.training.tasks import HYPER, ClassifierTask

    torch.set_num_threads(1)
    dist.init_process_group(
        "gloo", init_method=f"file://{init_file}", rank=rank, world_size=world_size
    )
    try:
        info = setup("cpu")  # finds the group made above
        task = ClassifierTask(MLP3, HYPER[MLP3.name], *MLP3.heldout())
        gen = train_task(task, torch.device("cpu"), info, steps=STEPS)
        while True:
            try:
                next(gen)
            except StopIteration as stop:
                outcome = stop.value
                break
        np.savez(Path(out) / f"rank{rank}.npz", **export_params(MLP3, outcome.module))
        (Path(out) / f"rank{rank}.digest").write_text(outcome.batch_digest)
    finally:
        dist.destroy_process_group()


def test_two_gloo_replicas_end_with_identical_weights(tmp_path: Path) -> None:
    torch.multiprocessing.spawn(_replica, args=(2, str(tmp_path / "init"), str(tmp_path)), nprocs=2)
    a, b = (np.load(tmp_path / f"rank{r}.npz") for r in (0, 1))
    assert set(a.files) == set(b.files) >= {"W1", "running_mean1"}
    for key in a.files:
        np.testing.assert_array_equal(a[key], b[key], err_msg=key)
    digests = [(tmp_path / f"rank{r}.digest").read_text() for r in (0, 1)]
    assert digests[0] != digests[1]  # each replica trained on different examples
    assert not np.allclose(a["W1"], MLP3.init_params(0)["W1"])  # and the weights moved
