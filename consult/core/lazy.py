"""Heavy libraries imported on first use, so a web worker that never draws a chart or counts a
poll does not carry them.

pandas, numpy and pabutools (through `consult.polls.rules`) add about 70 MB to every gunicorn
worker when imported at start-up (bench/README.md, issue 9). A module that needs one writes

    from consult.core.lazy import lazy_module

    pd = lazy_module("pandas")

and uses `pd.DataFrame(...)` as before: the import happens at the first attribute access, in
the request that needs it, and costs nothing after that. Annotations that name such a module
need `from __future__ import annotations` (they are then never evaluated at import time), and a
base class must be the real thing: import it inside the function that needs it instead.
"""

import importlib
from types import ModuleType

#: every module declared lazy so far, in the order declared (for `load_all`)
DECLARED: dict[str, "LazyModule"] = {}


class LazyModule:
    """Stands in for a module until one of its attributes is first read."""

    __slots__ = ("_module", "_name")

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def _load(self) -> ModuleType:
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return self._module

    def __getattr__(self, attribute: str) -> object:
        return getattr(self._load(), attribute)

    def __dir__(self) -> list[str]:
        return dir(self._load())

    def __repr__(self) -> str:
        state = "loaded" if self._module is not None else "not loaded yet"
        return f"<lazy module {self._name!r}, {state}>"


def lazy_module(name: str) -> LazyModule:
    """A stand-in for `import name` that imports the module at its first attribute access."""
    return DECLARED.setdefault(name, LazyModule(name))


def load_all() -> list[str]:
    """Import every declared module now, in the gunicorn master before it forks
    (gunicorn.conf.py): the workers then share those pages instead of each importing its own
    copy on its first results page. Returns the names loaded. (The charts need no plotly on
    the server: `consult.analytics.charts` writes plotly.js's JSON itself.)"""
    for module in DECLARED.values():
        module._load()
    return list(DECLARED)
