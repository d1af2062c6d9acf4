"""What a learner's exercise file may use: shared by the parent's static check and the child's
run-time guard (standard library only: the child imports this file as a top-level module)."""

from __future__ import annotations

# NumPy, math and the standard library's pure modules: no files, processes, network,
# introspection of the interpreter or dynamic imports.
ALLOWED_MODULES = frozenset(
    {
        "__future__",
        "abc",
        "array",
        "bisect",
        "cmath",
        "collections",
        "copy",
        "dataclasses",
        "decimal",
        "enum",
        "fractions",
        "functools",
        "heapq",
        "itertools",
        "math",
        "numbers",
        "numpy",
        "operator",
        "random",
        "re",
        "statistics",
        "string",
        "textwrap",
        "time",
        "typing",
        "warnings",
    }
)

# Builtins that read or write files, run code from strings, or import by name.
FORBIDDEN_NAMES = frozenset(
    {
        "__builtins__",
        "__import__",
        "__loader__",
        "__spec__",
        "breakpoint",
        "compile",
        "delattr",
        "eval",
        "exec",
        "getattr",
        "globals",
        "input",
        "locals",
        "open",
        "setattr",
        "vars",
    }
)

# Attributes that lead from any object back to the interpreter's internals (the classic ways
# out of a restricted namespace).
FORBIDDEN_ATTRIBUTES = frozenset(
    {
        "__base__",
        "__bases__",
        "__builtins__",
        "__class__",
        "__closure__",
        "__code__",
        "__dict__",
        "__func__",
        "__getattribute__",
        "__globals__",
        "__loader__",
        "__mro__",
        "__reduce__",
        "__reduce_ex__",
        "__self__",
        "__spec__",
        "__subclasses__",
        # modules that NumPy's own modules hold as attributes (np.lib._datasource.os)
        "builtins",
        "ctypes",
        "importlib",
        "io",
        "os",
        "pathlib",
        "shutil",
        "signal",
        "socket",
        "subprocess",
        "sys",
        "threading",
        # dynamic attribute access by string
        "attrgetter",
        "methodcaller",
        "cr_frame",
        "f_back",
        "f_builtins",
        "f_globals",
        "f_locals",
        "gi_frame",
        "tb_frame",
    }
)


def allowed_module(name: str) -> bool:
    return name.split(".", 1)[0] in ALLOWED_MODULES
