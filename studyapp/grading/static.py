"""Checks on a learner's file before it runs: it parses, imports only what an exercise may use,
defines the exercise's functions with the starter's parameters, and (where an exercise says so)
has no Python loops in them."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass

from studyapp.grading.harness import policy

_LOOPS = (
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)


@dataclass(frozen=True)
class StaticReport:
    problems: tuple[str, ...]  # each a one-line diagnosis; empty when the file may run
    tree: ast.Module | None

    @property
    def ok(self) -> bool:
        return not self.problems


def parameters(fn: ast.FunctionDef) -> list[str]:
    args = fn.args
    return [a.arg for a in (*args.posonlyargs, *args.args)]


def check_source(source: str, wanted: dict[str, list[str]]) -> StaticReport:
    """`wanted`: function name -> the starter's parameter names."""
    try:
        tree = ast.parse(source, filename="solution.py")
    except SyntaxError as err:
        where = f"line {err.lineno}" + (f", column {err.offset}" if err.offset else "")
        return StaticReport((f"the file does not parse: {err.msg} ({where})",), None)
    problems = [*_imports(tree), *_forbidden(tree)]
    defined = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    for name, params in wanted.items():
        fn = defined.get(name)
        if fn is None:
            problems.append(f"{name} is not defined at the top level of the file")
            continue
        got = parameters(fn)
        if got[: len(params)] != params or len(got) - len(params) > len(fn.args.defaults):
            problems.append(
                f"{name} must take ({', '.join(params)}) as in the starter; it takes "
                f"({', '.join(got)})"
            )
    return StaticReport(tuple(problems), tree)


def _imports(tree: ast.Module) -> Iterable[str]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                yield f"line {node.lineno}: relative imports are not allowed in an exercise"
                continue
            names = [node.module or ""]
        for name in names:
            if not policy.allowed_module(name):
                yield (
                    f"line {node.lineno}: importing {name!r} is not allowed (an exercise may "
                    "import numpy, math and the standard library's pure modules)"
                )


def _forbidden(tree: ast.Module) -> Iterable[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in policy.FORBIDDEN_NAMES:
            yield f"line {node.lineno}: {node.id} is not allowed in an exercise"
        elif isinstance(node, ast.Attribute) and node.attr in policy.FORBIDDEN_ATTRIBUTES:
            yield f"line {node.lineno}: .{node.attr} is not allowed in an exercise"
        elif isinstance(node, ast.Constant) and node.value in policy.FORBIDDEN_ATTRIBUTES:
            yield f"line {node.lineno}: the name {node.value!r} is not allowed in an exercise"


def loops_in(tree: ast.Module, functions: Iterable[str]) -> list[str]:
    """Where the given functions, or module-level helpers they call, loop in Python."""
    defs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    seen: set[str] = set()
    todo = [name for name in functions if name in defs]
    found: list[str] = []
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for node in ast.walk(defs[name]):
            if isinstance(node, _LOOPS):
                kind = type(node).__name__.replace("Comp", " comprehension").lower()
                found.append(f"a {kind} at line {node.lineno} (in {name})")
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in defs
            ):
                todo.append(node.func.id)
    return sorted(found)
