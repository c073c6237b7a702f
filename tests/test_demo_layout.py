"""Where the demo lives: each kind's demo data beside its loader, `consult/demo/` only shared.

Each kind (a package of `consult` with a `demo.py`) keeps its loader in `demo.py` and its data
in `demo_data/`. `consult/demo/` keeps what every kind shares (directorates, local
communities, users, the annual plan, the guide, shared texts) and the seed that calls each
kind's loader in order. Read with `ast`, nothing imported.
"""

import ast
from pathlib import Path

import consult

PACKAGE = Path(consult.__file__).parent
#: shared packages (no kind) whose demo the seed loads after the kinds' (`consult.demo.seed`),
#: their data beside their loader too, with no consultation of their own
SHARED_DEMOS = {"meetings", "investments", "audiences"}
KINDS = {path.parent.name for path in PACKAGE.glob("*/demo.py")} - SHARED_DEMOS
#: the modules of `consult/demo/` a kind's demo may use: shared by every kind
SHARED = {"consult.demo.data", "consult.demo.guide", "consult.demo.texts"}


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, by absolute name (relative imports resolved)."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def kind_demo_modules(kind: str) -> list[Path]:
    """A kind's loader and its data modules."""
    return [PACKAGE / kind / "demo.py", *sorted((PACKAGE / kind / "demo_data").glob("*.py"))]


def test_every_kind_has_the_same_layout():
    assert {"consultations", "hearings", "polls", "surveys"} == KINDS
    for kind in KINDS:
        assert (PACKAGE / kind / "demo_data" / "__init__.py").is_file(), kind
        assert (PACKAGE / kind / "demo_data" / "consultation.py").is_file(), kind


def test_shared_demo_imports_no_kind_data():
    """`consult/demo/` reads no kind's demo data; only the seed calls the kinds' loaders."""
    for path in sorted((PACKAGE / "demo").glob("*.py")):
        for name in imported_modules(path):
            parts = name.split(".")
            if len(parts) < 3 or parts[0] != "consult" or parts[1] not in KINDS:
                continue
            assert parts[2] != "demo_data", (path.name, name)
            if parts[2] == "demo":
                assert path.name == "seed.py", (path.name, name)


def test_kind_demos_use_only_shared_demo_modules():
    """A kind's demo imports from `consult/demo/` only what is shared, and no other kind's demo."""
    for kind in KINDS:
        for path in kind_demo_modules(kind):
            for name in imported_modules(path):
                if name.startswith("consult.demo."):
                    assert any(name == m or name.startswith(f"{m}.") for m in SHARED), (path, name)
                parts = name.split(".")
                if len(parts) >= 3 and parts[0] == "consult" and parts[1] in KINDS - {kind}:
                    assert parts[2] not in ("demo", "demo_data"), (path, name)
