"""Bundled files: lookup order, clear errors, hashes against the manifest, size, no torch."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from engine import bundle
from engine.models import MODELS, assets, load_digits_heldout, load_notes_heldout
from engine.models.assets import AssetError, AssetMissingError, asset_path, read_manifest

REPO = Path(__file__).resolve().parents[3]


def test_every_shipped_file_matches_its_manifest_hash() -> None:
    manifest = read_manifest()
    entries = [*manifest["models"].values(), *manifest["data"].values()]
    assert {f"models/{name}.npz" for name in MODELS} <= {e["file"] for e in entries}
    for entry in entries:
        path = asset_path(entry["file"])
        assert assets.sha256_file(path) == entry["sha256"], entry["file"]
        assert path.stat().st_size == entry["bytes"]


def test_models_record_their_datasets_current_hash() -> None:
    manifest = read_manifest()
    for name, entry in manifest["models"].items():
        key = {"classifier": "digits_heldout", "charlm": "notes_heldout"}.get(entry["kind"])
        if key is not None:
            assert entry["dataset"]["sha256"] == manifest["data"][key]["sha256"], name


def test_bundle_is_small_and_records_where_it_was_trained() -> None:
    # The trained weights and their held-out data (the fonts beside them are not the models').
    folders = [REPO / "assets" / "models", REPO / "assets" / "data"]
    total = sum(p.stat().st_size for f in folders for p in f.rglob("*") if p.is_file())
    assert 0 < total < 10 * 2**20
    for name, entry in read_manifest()["models"].items():
        assert entry["device"] in ("cpu", "cuda") and entry["torch_version"], name
        assert entry["examples_per_s"] > 0 and entry["wall_time_s"] > 0, name
        if entry["device"] == "cpu":  # MFU is defined against a GPU's peak only
            assert entry["mfu"] is None, name


def test_missing_asset_raises_a_clear_error() -> None:
    with pytest.raises(AssetMissingError, match=r"bundled file missing: .*models/nope\.npz"):
        asset_path("models/nope.npz")
    with pytest.raises(AssetMissingError, match="train-models"):
        asset_path("models/nope.npz")


def test_missing_assets_folder_names_where_it_looked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(bundle, "repo_root", lambda: tmp_path)
    with pytest.raises(AssetMissingError, match="assets/ folder is missing") as err:
        asset_path("models/mlp2.npz")
    assert str(tmp_path / "studyapp" / "_bundled" / "assets") in str(err.value)


def test_installed_bundle_wins_over_the_checkout(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bundled = tmp_path / "studyapp" / "_bundled" / "assets"
    bundled.mkdir(parents=True)
    (tmp_path / "assets").mkdir()
    monkeypatch.setattr(bundle, "repo_root", lambda: tmp_path)
    assert assets.find_dir("assets") == bundled
    shutil.rmtree(bundled)
    assert assets.find_dir("assets") == tmp_path / "assets"


def test_notes_are_found_in_the_checkout() -> None:
    assert assets.notes_path() == REPO / "decks" / "cs231n" / "cs231n_notes.md"


def _copy_assets(tmp_path: Path) -> Path:
    copy = tmp_path / "assets"
    shutil.copytree(REPO / "assets", copy)
    return copy


def test_loaders_reject_a_changed_file(tmp_path: Path) -> None:
    copy = _copy_assets(tmp_path)
    digits = copy / "data" / "digits_heldout.npz"
    digits.write_bytes(digits.read_bytes() + b"\0")
    with pytest.raises(AssetError, match="does not match the manifest"):
        load_digits_heldout(copy)
    weights = copy / "models" / "mlp2.npz"
    weights.write_bytes(weights.read_bytes()[:-1])
    with pytest.raises(AssetError, match="does not match the manifest"):
        MODELS["mlp2"].load(assets_dir=copy)
    assert len(load_notes_heldout(copy).windows) > 0  # an untouched file still loads


def test_loaders_raise_on_a_deleted_file(tmp_path: Path) -> None:
    copy = _copy_assets(tmp_path)
    (copy / "data" / "notes_heldout.npz").unlink()
    with pytest.raises(AssetMissingError, match=r"notes_heldout\.npz"):
        MODELS["char_rnn"].evaluate(MODELS["char_rnn"].load(assets_dir=copy), assets_dir=copy)


def test_engine_models_never_imports_torch() -> None:
    code = (
        "import sys; from engine.models import MODELS; "
        "m = MODELS['convnet']; m.evaluate(m.load()); "
        "import engine.models.grading, engine.training; "
        "sys.exit('torch' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
