"""Anki packages (.apkg) as plain records, and reading one safely.

A package is checked before Anki's backend sees it: a zip file (not damaged: every member is
read through once, so a lying header fails its CRC), with an Anki collection inside, of a
package format this `anki` knows (a newer Anki's package is refused by name), and within size
bounds (declared and real sizes, compression ratio: no zip bomb). Anki's backend then imports
it into a scratch Anki collection in a child process whose files may not grow past
MAX_UNPACKED_BYTES (the collection inside is zstd-compressed, with no size to check first), and
the child hands back the records as JSON. `anki` is AGPL-licensed and optional
(`studyapp[anki]`); without it every entry point says in one line how to install it.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from studyapp.domain.errors import (
    AnkiPackageError,
    AnkiPackageTooNewError,
    AnkiSupportMissingError,
)
from studyapp.jobs import Job, Progress

MAX_PACKAGE_BYTES = 2 << 30
MAX_UNPACKED_BYTES = 4 << 30  # all members together, and any file the child writes
MAX_MEMBERS = 200_000
MAX_RATIO = 200  # a member more than this many times smaller than it unpacks to is a bomb
BOMB_FLOOR = 16 << 20  # small members may compress as well as they like
CHILD_TIMEOUT_S = 600
COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
INSTALL_HINT = "pip install 'studyapp[anki]'"
# Exit codes of the child (studyapp.importers.apkg_child) for refusals it explains on stderr.
EXIT_REFUSED, EXIT_TOO_NEW, EXIT_TOO_LARGE = 3, 4, 5


@dataclass(frozen=True)
class AnkiReview:
    """One revlog row: when, the button (1..4), Anki's kind (0 learning, 1 review, 2
    relearning, 3 filtered), the interval it gave (days > 0, seconds < 0), time taken."""

    at_ms: int
    rating: int
    kind: int
    interval: int
    duration_ms: int
    factor: int = 0  # FSRS: 100 + 1000 * (difficulty - 1) / 9


@dataclass(frozen=True)
class AnkiCard:
    """One card with its note's text as Markdown and its scheduling, with days counted from
    today in the package's own calendar (so no collection's creation date matters)."""

    guid: str  # the note's GUID; "#N" added for a note's card N > 0
    deck: str
    question: str
    answer: str
    title: str = ""
    kind: str = "qa"  # "qa" or "learned"
    lecture: int | None = None  # from a studyapp note; None for a note made in Anki
    lecture_title: str = ""
    sort_order: int | None = None
    ctype: int = 0  # 0 new, 1 learning, 2 review, 3 relearning
    suspended: bool = False
    due_day: int | None = None  # review or interday learning: days from today
    due_ms: int | None = None  # intraday learning: epoch milliseconds
    position: int = 0  # new-card order
    interval: int = 0  # days
    remaining_steps: int = 0
    reps: int = 0
    lapses: int = 0
    factor: int = 0  # SM-2 ease in permille (2500); FSRS keeps its memory in stability
    stability: float | None = None
    difficulty: float | None = None
    desired_retention: float | None = None
    last_review_ms: int | None = None
    reviews: tuple[AnkiReview, ...] = ()


@dataclass(frozen=True)
class AnkiDeckOptions:
    name: str
    desired_retention: float = 0.9
    parameters: tuple[float, ...] | None = None  # FSRS-6; None: Anki's defaults
    learning_steps_min: tuple[float, ...] = (1.0, 10.0)
    relearning_steps_min: tuple[float, ...] = (10.0,)
    new_per_day: int = 20
    max_reviews_per_day: int = 200
    max_interval_days: int = 36500


@dataclass(frozen=True)
class AnkiPackage:
    path: str
    cards: tuple[AnkiCard, ...]
    decks: tuple[AnkiDeckOptions, ...]


def require_anki() -> None:
    if importlib.util.find_spec("anki") is None:
        raise AnkiSupportMissingError(
            "Anki packages need Anki's own `anki` package (AGPL-licensed, optional): "
            + INSTALL_HINT
        )


def check_package(path: Path) -> None:
    """Refuse, with one line naming the file, anything but a sound Anki package of a known
    format and a sane size."""
    if not path.is_file():
        raise AnkiPackageError(f"{path}: no such file")
    if path.stat().st_size > MAX_PACKAGE_BYTES:
        raise AnkiPackageError(f"{path}: too large for an Anki package (over 2 GiB)")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_sizes(path, members)
            names = {m.filename for m in members}
            if not names & set(COLLECTIONS):
                raise AnkiPackageError(f"{path}: not an Anki package (no Anki collection inside)")
            if "meta" in names:
                _check_version(path, archive.read("meta"))
            for member in members:
                _read_through(archive, member)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as err:
        if isinstance(err, AnkiPackageError):
            raise
        raise AnkiPackageError(f"{path}: not a readable Anki package ({err})") from None
    except NotImplementedError as err:  # a compression method zipfile lacks
        raise AnkiPackageError(f"{path}: not a readable Anki package ({err})") from None


def _check_sizes(path: Path, members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise AnkiPackageError(f"{path}: too many files inside ({len(members)})")
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED_BYTES:
        raise AnkiPackageError(f"{path}: would unpack to {total >> 20} MiB, over the 4 GiB limit")
    for m in members:
        if m.file_size > BOMB_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise AnkiPackageError(
                f"{path}: {m.filename} would unpack {m.file_size // max(m.compress_size, 1)} "
                "times larger than it is (a zip bomb); nothing was imported"
            )


def _read_through(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """zipfile stops at the declared size and checks the CRC, so a member whose header lies
    about its size fails here instead of filling the disk later."""
    with archive.open(member) as stream:
        while stream.read(1 << 20):
            pass


def _check_version(path: Path, meta: bytes) -> None:
    from anki.import_export_pb2 import PackageMetadata

    try:
        version = PackageMetadata.FromString(meta).version
    except Exception as err:  # protobuf's DecodeError, without importing protobuf by name
        raise AnkiPackageError(f"{path}: damaged package metadata ({err})") from None
    known = max(PackageMetadata.Version.values())
    if version > known:
        raise AnkiPackageTooNewError(
            f"{path} was made by a newer Anki (package format {version}, this anki knows up to "
            f"{known}); update it: pip install -U 'studyapp[anki]'"
        )


def read_package(path: Path, max_unpacked: int = MAX_UNPACKED_BYTES) -> AnkiPackage:
    from studyapp.jobs import run

    return run(read_package_job(path, max_unpacked))


def read_package_job(path: Path, max_unpacked: int = MAX_UNPACKED_BYTES) -> Job[AnkiPackage]:
    """Check `path`, then read it into records in a child process (killed on cancel) whose
    files may not grow past `max_unpacked` bytes."""
    require_anki()
    yield Progress(0, 3, f"checking {path.name}")
    check_package(path)
    yield Progress(1, 3, f"reading {path.name} with Anki")
    with tempfile.TemporaryDirectory(prefix="studyapp-apkg-") as tmp:
        out = Path(tmp) / "package.json"
        child_module = "studyapp.importers.apkg_child"
        command = [sys.executable, "-m", child_module, str(path), str(out), str(max_unpacked)]
        with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as child:
            try:
                yield from _wait(child, path)
            finally:
                if child.poll() is None:
                    child.kill()
        data = json.loads(out.read_text(encoding="utf-8"))
    yield Progress(3, 3, f"read {len(data['cards'])} cards")
    return package_from_json(data)


def _wait(child: subprocess.Popen[bytes], path: Path) -> Job[None]:
    started = time.monotonic()
    while child.poll() is None:
        if time.monotonic() - started > CHILD_TIMEOUT_S:
            raise AnkiPackageError(f"{path}: reading took over {CHILD_TIMEOUT_S} s; gave up")
        yield Progress(1, 3, f"reading {path.name} with Anki")
        time.sleep(0.05)
    assert child.stderr is not None
    said = child.stderr.read().decode("utf-8", "replace").strip().splitlines()
    line = said[-1] if said else f"exit status {child.returncode}"
    if child.returncode == EXIT_TOO_NEW:
        raise AnkiPackageTooNewError(f"{path}: {line}")
    if child.returncode in (EXIT_REFUSED, EXIT_TOO_LARGE):
        raise AnkiPackageError(f"{path}: {line}")
    if child.returncode != 0:
        raise AnkiPackageError(f"{path}: Anki could not read it ({line})")


def package_to_json(package: AnkiPackage) -> dict[str, Any]:
    def plain(record: Any) -> dict[str, Any]:
        return {f.name: getattr(record, f.name) for f in fields(record)}

    cards = [{**plain(c), "reviews": [plain(r) for r in c.reviews]} for c in package.cards]
    return {"path": package.path, "cards": cards, "decks": [plain(d) for d in package.decks]}


def package_from_json(data: dict[str, Any]) -> AnkiPackage:
    def card(raw: dict[str, Any]) -> AnkiCard:
        reviews = tuple(AnkiReview(**r) for r in raw.pop("reviews"))
        return AnkiCard(**raw, reviews=reviews)

    def deck(raw: dict[str, Any]) -> AnkiDeckOptions:
        for key in ("parameters", "learning_steps_min", "relearning_steps_min"):
            raw[key] = tuple(raw[key]) if raw[key] is not None else None
        return AnkiDeckOptions(**raw)

    return AnkiPackage(
        data["path"], tuple(card(c) for c in data["cards"]), tuple(deck(d) for d in data["decks"])
    )
