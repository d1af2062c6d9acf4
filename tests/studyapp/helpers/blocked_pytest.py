"""Run pytest with the optional packages made unimportable, as on a machine with only the test
extra (PySide6 and matplotlib are core dependencies: they are always there)."""

import sys

BLOCKED = ("torch", "anki")


class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r} (blocked)", name=name)
        return None


sys.meta_path.insert(0, Blocker())
import importlib.util  # noqa: E402

_orig = importlib.util.find_spec


def find_spec(name, package=None):
    if name.split(".")[0] in BLOCKED:
        return None
    return _orig(name, package)


importlib.util.find_spec = find_spec
import pytest  # noqa: E402

sys.exit(pytest.main(sys.argv[1:]))
