"""The exercise catalog: `decks/<deck>/exercises/<id>/` folders, read and validated.

Each folder holds `exercise.toml` (what is implemented and how it is checked), `starter.py`
(signatures, docstrings with shapes, `raise NotImplementedError` bodies), `statement.md` and
`statement.ko.md`. See `decks/cs231n/exercises/README.md` for the format. A folder that breaks
the format is a CatalogError naming the file and the key, never a silently missing exercise.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from studyapp import paths
from studyapp.domain.errors import StudyappError

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
GROUPS = ("A1", "A2", "A3")
DEFAULT_TOLERANCE = 1e-7


class CatalogError(StudyappError):
    """An exercise folder that does not follow the format."""


class Role(StrEnum):
    FORWARD = "forward"  # (out..., cache); paired with a backward
    BACKWARD = "backward"  # (dout..., cache) -> gradients
    LOSS = "loss"  # (loss, gradient(s))
    FUNCTION = "function"  # outputs only, no gradient
    UPDATE_RULE = "update_rule"  # (w, dw, config) -> (next_w, config)
    DROPOUT = "dropout"  # forward of inverted dropout, checked by its properties


class Check(StrEnum):
    FORWARD = "forward"
    BACKWARD = "backward"
    GRADCHECK = "gradient check"
    EDGE_CASES = "edge cases"
    NO_MUTATION = "inputs unchanged"
    DETERMINISTIC = "same seed, same result"
    SPEED = "speed"
    NO_LOOPS = "no loops"
    RUNNING_STATS = "running statistics"
    SANITY = "sanity"
    DROPOUT = "dropout properties"


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    role: Role
    reference: str  # "engine.module:function"
    args: tuple[str, ...]
    outputs: int = 1  # forward: arrays returned before the cache
    grads: tuple[str, ...] = ()  # backward / loss: gradients returned, with respect to these args
    pairs_with: str = ""  # backward: the forward whose cache it receives
    state: tuple[str, ...] = ()  # forward: keys of its dict argument it updates (running stats)
    reference_kwargs: dict[str, Any] = field(default_factory=dict)
    returns: tuple[str, ...] = ()  # names of what it returns, for messages (default by role)
    free_state: tuple[str, ...] = ()  # update rules: config entries in the learner's own form

    @property
    def names(self) -> tuple[str, ...]:
        """What each returned value is called in a diagnosis (the cache excluded)."""
        if self.returns:
            return self.returns
        if self.role in (Role.FORWARD, Role.DROPOUT):
            return ("out",) if self.outputs == 1 else tuple(f"out{i}" for i in range(self.outputs))
        if self.role is Role.BACKWARD:
            return tuple(f"d{g}" for g in self.grads)
        if self.role is Role.LOSS:
            return ("loss", *(f"d{g}" for g in self.grads))
        if self.role is Role.UPDATE_RULE:
            return ("next_w", "config")
        return ("out",)


@dataclass(frozen=True)
class Case:
    name: str
    values: dict[str, Any]  # arg name -> generator expression, literal dict or number
    dims: dict[str, Any] = field(default_factory=dict)  # name -> int or [low, high]
    edge: bool = False
    functions: tuple[str, ...] = ()  # the functions it applies to; () means all
    tolerance: float | None = None
    repeat: int = 1  # calls in a row with the same dict arguments (running statistics)


@dataclass(frozen=True)
class Sanity:
    """A fact from the notes a first run must show, e.g. softmax's initial loss is log C."""

    function: str
    case: Case
    expect: str  # expression over the case's dims and values
    rtol: float
    says: str  # what the fact is, for the message


@dataclass(frozen=True)
class Mistake:
    """A wrong answer learners really give, recognised by computing it from the case."""

    function: str
    output: int  # which output (forward) or gradient (backward/loss)
    expr: str  # numpy expression over the case's values (and `dout`, `out`)
    says: str


MODEL_CHECKS = ("heldout", "generate", "overfit", "initial_loss")


@dataclass(frozen=True)
class ModelUse:
    """A sample model (engine.models) run with the learner's functions in some of its slots."""

    name: str
    slots: dict[str, str]  # model slot -> the learner's function filling it
    checks: tuple[str, ...]  # of MODEL_CHECKS
    examples: int = 0  # evaluate on this many held-out examples (0: all); naive layers are slow
    update_rule: str = "adam"  # for "overfit"

    def check_names(self) -> list[str]:
        return [f"model:{self.name}:{check}" for check in self.checks]


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    title_ko: str
    lecture: int
    group: str
    functions: tuple[FunctionSpec, ...]
    cases: tuple[Case, ...]
    folder: Path
    checks: tuple[Check, ...]
    tolerance: float = DEFAULT_TOLERANCE
    loops_allowed: bool = True
    speed_factor: float = 0.0  # vectorised exercises: at most this many times the reference
    speed_case: Case | None = None
    sanity: tuple[Sanity, ...] = ()
    mistakes: tuple[Mistake, ...] = ()
    hints: tuple[str, ...] = ()
    hints_ko: tuple[str, ...] = ()
    related: tuple[str, ...] = ()  # card titles (substrings) of the lecture this practises
    models: tuple[ModelUse, ...] = ()  # sample models that run the learner's functions

    @property
    def function_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.functions)

    def spec(self, name: str) -> FunctionSpec:
        return next(f for f in self.functions if f.name == name)

    @property
    def starter(self) -> Path:
        return self.folder / "starter.py"

    def statement(self, language: str = "en") -> str:
        name = "statement.ko.md" if language == "ko" else "statement.md"
        return (self.folder / name).read_text(encoding="utf-8")


def catalog_root(deck: str = "cs231n") -> Path:
    return paths.bundled(f"decks/{deck}/exercises")


@cache
def load_catalog(root: Path | None = None) -> tuple[Exercise, ...]:
    """Every exercise under `root` (the bundled CS231n catalog by default), by lecture and id."""
    base = root if root is not None else catalog_root()
    folders = sorted(p for p in base.iterdir() if p.is_dir() and (p / "exercise.toml").exists())
    if not folders:
        raise CatalogError(f"{base} holds no exercises")
    exercises = [load_exercise(folder) for folder in folders]
    return tuple(sorted(exercises, key=lambda e: (e.lecture, e.id)))


def find_exercise(exercise_id: str, root: Path | None = None) -> Exercise:
    for exercise in load_catalog(root):
        if exercise.id == exercise_id:
            return exercise
    known = ", ".join(e.id for e in load_catalog(root))
    raise CatalogError(f"no exercise {exercise_id!r} (exercises: {known})")


def load_exercise(folder: Path) -> Exercise:
    path = folder / "exercise.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise CatalogError(f"{path}: {err}") from None
    reader = _Reader(path, data)
    exercise = reader.exercise(folder)
    for name in ("starter.py", "statement.md", "statement.ko.md"):
        if not (folder / name).is_file():
            raise CatalogError(f"{folder / name}: missing")
    if exercise.id != folder.name:
        raise CatalogError(f"{path}: id {exercise.id!r} differs from the folder name")
    return exercise


class _Reader:
    """Typed access to one exercise.toml, with errors that name the file and the key."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path, self.data = path, data

    def fail(self, key: str, why: str) -> CatalogError:
        return CatalogError(f"{self.path}: {key}: {why}")

    def get(
        self,
        table: dict[str, Any],
        key: str,
        kind: type | tuple[type, ...],
        where: str = "",
        default: Any = ...,
    ) -> Any:
        if key not in table:
            if default is ...:
                raise self.fail(f"{where}{key}", "missing")
            return default
        value = table[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise self.fail(f"{where}{key}", f"expected {kind}, got {type(value).__name__}")
        return value

    def exercise(self, folder: Path) -> Exercise:
        d = self.data
        exercise_id = self.get(d, "id", str)
        if not ID_PATTERN.match(exercise_id):
            raise self.fail("id", "must be snake_case")
        group = self.get(d, "group", str)
        if group not in GROUPS:
            raise self.fail("group", f"must be one of {GROUPS}")
        functions = tuple(self.function(t, i) for i, t in enumerate(self.get(d, "function", list)))
        names = [f.name for f in functions]
        if len(set(names)) != len(names):
            raise self.fail("function", "names repeat")
        cases = tuple(self.case(t, f"case[{i}].") for i, t in enumerate(self.get(d, "case", list)))
        checks = tuple(self.check(c) for c in self.get(d, "checks", list))
        speed = self.get(d, "speed", dict, default=None)
        exercise = Exercise(
            id=exercise_id,
            title=self.get(d, "title", str),
            title_ko=self.get(d, "title_ko", str),
            lecture=self.get(d, "lecture", int),
            group=group,
            functions=functions,
            cases=cases,
            folder=folder,
            checks=checks,
            tolerance=float(self.get(d, "tolerance", (int, float), default=DEFAULT_TOLERANCE)),
            loops_allowed=self.get(d, "loops_allowed", bool, default=True),
            speed_factor=float(speed["factor"]) if speed else 0.0,
            speed_case=self.case(speed["case"], "speed.case.") if speed else None,
            sanity=tuple(self.sanity(t, i) for i, t in enumerate(d.get("sanity", []))),
            mistakes=tuple(self.mistake(t, i) for i, t in enumerate(d.get("mistake", []))),
            hints=tuple(self.get(d, "hints", list)),
            hints_ko=tuple(self.get(d, "hints_ko", list)),
            related=tuple(self.get(d, "related", list, default=[])),
            models=tuple(self.model(t, i) for i, t in enumerate(d.get("model", []))),
        )
        self.validate(exercise)
        return exercise

    def function(self, table: dict[str, Any], index: int) -> FunctionSpec:
        where = f"function[{index}]."
        role = self.get(table, "role", str, where)
        if role not in Role.__members__.values():
            raise self.fail(f"{where}role", f"must be one of {[r.value for r in Role]}")
        reference = self.get(table, "reference", str, where)
        if ":" not in reference or not reference.startswith("engine."):
            raise self.fail(f"{where}reference", "must be 'engine.module:function'")
        return FunctionSpec(
            name=self.get(table, "name", str, where),
            role=Role(role),
            reference=reference,
            args=tuple(self.get(table, "args", list, where)),
            outputs=self.get(table, "outputs", int, where, default=1),
            grads=tuple(self.get(table, "grads", list, where, default=[])),
            pairs_with=self.get(table, "pairs_with", str, where, default=""),
            state=tuple(self.get(table, "state", list, where, default=[])),
            reference_kwargs=dict(self.get(table, "reference_kwargs", dict, where, default={})),
            returns=tuple(self.get(table, "returns", list, where, default=[])),
            free_state=tuple(self.get(table, "free_state", list, where, default=[])),
        )

    def case(self, table: dict[str, Any], where: str) -> Case:
        reserved = {"name", "dims", "edge", "functions", "tolerance", "repeat"}
        tolerance = self.get(table, "tolerance", (int, float), where, default=None)
        return Case(
            name=self.get(table, "name", str, where),
            values={k: v for k, v in table.items() if k not in reserved},
            dims=dict(self.get(table, "dims", dict, where, default={})),
            edge=self.get(table, "edge", bool, where, default=False),
            functions=tuple(self.get(table, "functions", list, where, default=[])),
            tolerance=float(tolerance) if tolerance is not None else None,
            repeat=self.get(table, "repeat", int, where, default=1),
        )

    def check(self, name: Any) -> Check:
        values = {c.value: c for c in Check}
        if name not in values:
            raise self.fail("checks", f"unknown check {name!r}; checks are {sorted(values)}")
        return values[name]

    def sanity(self, table: dict[str, Any], index: int) -> Sanity:
        where = f"sanity[{index}]."
        return Sanity(
            function=self.get(table, "function", str, where),
            case=self.case(self.get(table, "case", dict, where), f"{where}case."),
            expect=self.get(table, "expect", str, where),
            rtol=float(self.get(table, "rtol", (int, float), where)),
            says=self.get(table, "says", str, where),
        )

    def model(self, table: dict[str, Any], index: int) -> ModelUse:
        where = f"model[{index}]."
        checks = tuple(self.get(table, "checks", list, where))
        unknown = set(checks) - set(MODEL_CHECKS)
        if unknown:
            raise self.fail(f"{where}checks", f"unknown {sorted(unknown)}; use {MODEL_CHECKS}")
        return ModelUse(
            name=self.get(table, "name", str, where),
            slots=dict(self.get(table, "slots", dict, where)),
            checks=checks,
            examples=self.get(table, "examples", int, where, default=0),
            update_rule=self.get(table, "update_rule", str, where, default="adam"),
        )

    def mistake(self, table: dict[str, Any], index: int) -> Mistake:
        where = f"mistake[{index}]."
        return Mistake(
            function=self.get(table, "function", str, where),
            output=self.get(table, "output", int, where),
            expr=self.get(table, "expr", str, where),
            says=self.get(table, "says", str, where),
        )

    def validate(self, exercise: Exercise) -> None:
        names = set(exercise.function_names)
        for spec in exercise.functions:
            if spec.role is Role.BACKWARD and spec.pairs_with not in names:
                raise self.fail(f"{spec.name}.pairs_with", "must name a forward of this exercise")
        for case in exercise.cases:
            unknown = set(case.functions) - names
            if unknown:
                raise self.fail(f"case {case.name!r}.functions", f"unknown {sorted(unknown)}")
        items: list[Mistake | Sanity] = [*exercise.mistakes, *exercise.sanity]
        for item in items:
            if item.function not in names:
                raise self.fail(
                    f"{type(item).__name__.lower()}.function", f"unknown {item.function!r}"
                )
        if (Check.SANITY in exercise.checks) != bool(exercise.sanity):
            raise self.fail("sanity", "the sanity check and [[sanity]] tables go together")
        for use in exercise.models:
            unknown = set(use.slots.values()) - names
            if unknown:
                raise self.fail(f"model {use.name!r}.slots", f"unknown functions {sorted(unknown)}")
        if Check.SPEED in exercise.checks and exercise.speed_case is None:
            raise self.fail("speed", "the speed check needs a [speed] table")
        if not 1 <= len(exercise.hints) <= 3 or len(exercise.hints_ko) != len(exercise.hints):
            raise self.fail("hints", "1 to 3 hints, in English and in Korean (hints_ko)")


def engine_solution(exercise: Exercise, folder: Path) -> Path:
    """The reference engine's own functions written out as a learner's file for `exercise`
    (graded with `reference_modules=("engine",)`: the tests show the engine passes every
    check, the grading benchmark times it)."""
    lines = ["import functools"]
    for spec in exercise.functions:
        module, attr = spec.reference.split(":")
        lines.append(f"from {module} import {attr} as _{spec.name}")
        kwargs = f", **{spec.reference_kwargs!r}" if spec.reference_kwargs else ""
        lines.append(f"{spec.name} = functools.partial(_{spec.name}{kwargs})")
    path = folder / f"{exercise.id}_engine.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
