"""The import rules of docs/architecture.md: `core` and `analytics` know no kind, the four kinds
do not use each other (hearings → polls is the one exception), and the readers of every kind
(`chair`, `public`, `manage`, `api`) reach the kinds through the registry on the app
(`consult.core.kinds`), never by importing them. Besides:
`core` imports only itself, the extensions and `consult.i18n`; no two modules import each other
at module level; every feature package defines its blueprint `bp` in its `__init__`."""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "consult"
FEATURES = ("consultations", "hearings", "polls", "surveys")
ALLOWED_BETWEEN_FEATURES = {("hearings", "polls")}


def imported_packages(package: str) -> dict[str, set[str]]:
    """{file: the `consult.<package>` names it imports}, for every module of `package`."""
    found = {}
    for path in sorted((PACKAGE / package).rglob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                parts = module.split(".")
                if parts[0] == "consult" and len(parts) > 1:
                    names.add(parts[1])
        found[str(path.relative_to(PACKAGE))] = names
    return found


@pytest.mark.parametrize(
    "package",
    [
        "core",
        "analytics",
        "organisations",
        "meetings",
        "subscriptions",
        "plan",
        "comments",
        "audiences",
        "investments",
        "setup",
    ],
)
def test_the_shared_packages_know_no_feature(package):
    offending = {f: n & {*FEATURES, "chair", "api"} for f, n in imported_packages(package).items()}
    assert not {f: n for f, n in offending.items() if n}


@pytest.mark.parametrize("feature", FEATURES)
def test_a_feature_does_not_use_another(feature):
    others = set(FEATURES) - {feature} - {b for a, b in ALLOWED_BETWEEN_FEATURES if a == feature}
    offending = {f: n & others for f, n in imported_packages(feature).items()}
    assert not {f: n for f, n in offending.items() if n}


@pytest.mark.parametrize("reader", ["chair", "public", "manage", "api"])
def test_the_readers_reach_the_kinds_through_the_registry(reader):
    offending = {f: n & set(FEATURES) for f, n in imported_packages(reader).items()}
    assert not {f: n for f, n in offending.items() if n}


def test_the_demo_loads_each_kind_through_the_registry():
    """`flask seed-demo` calls each registered kind's demo hook (`KindDemo`); the shared demo
    package imports no kind, apart from the guide asking whether a printed survey code is
    still unused."""
    may = {"demo/guide.py": {"surveys"}}
    offending = {
        f: n & set(FEATURES) - may.get(f, set()) for f, n in imported_packages("demo").items()
    }
    assert not {f: n for f, n in offending.items() if n}


def test_the_registry_is_filled_in_create_app_only():
    """No module fills a registry when it is imported: the kinds are registered on the app in
    `consult.register_kinds`, one line per kind."""
    init = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    for feature in FEATURES:
        assert f"from consult.{feature}.kind import" in init, feature
        assert (PACKAGE / feature / "kind.py").exists(), feature
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module level only
            call = node.value if isinstance(node, ast.Expr) else None
            if isinstance(call, ast.Call) and isinstance(call.func, (ast.Name, ast.Attribute)):
                name = call.func.id if isinstance(call.func, ast.Name) else call.func.attr
                assert not name.startswith("register"), f"{path}: {name}() at import time"


#: flask-babel's lazy messages call themselves safe HTML with their values unescaped
UNSAFE_LAZY = {"lazy_gettext", "lazy_ngettext", "lazy_pgettext", "lazy_npgettext", "LazyString"}


def _flask_babel_lazy_uses(tree: ast.AST) -> set[str]:
    """The lazy helpers of flask-babel that `tree` imports or reaches as attributes."""
    found = set()
    aliases = {"flask_babel"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("flask_babel"):
            found |= {alias.name for alias in node.names} & UNSAFE_LAZY
            if node.module == "flask_babel" and any(a.name == "speaklater" for a in node.names):
                found.add("speaklater")
        elif isinstance(node, ast.Import):
            aliases |= {a.asname or a.name for a in node.names if a.name == "flask_babel"}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in UNSAFE_LAZY
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
        ):
            found.add(node.attr)
    return found


def test_only_i18n_makes_lazy_messages():
    """Every `_l` is consult.i18n's `lazy_text`, which escapes the values it fills in when the
    message is shown as HTML; nothing else uses flask-babel's lazy strings."""
    offending = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "i18n.py":
            continue
        uses = _flask_babel_lazy_uses(ast.parse(path.read_text(encoding="utf-8")))
        if uses:
            offending[str(path.relative_to(PACKAGE))] = uses
    assert not offending


def test_the_architecture_check_sees_a_lazy_gettext_import():
    for source in (
        "from flask_babel import lazy_gettext as _l",
        "from flask_babel import gettext, lazy_ngettext",
        "import flask_babel\nx = flask_babel.lazy_gettext('a')",
        "import flask_babel as fb\nx = fb.lazy_gettext('a')",
        "from flask_babel.speaklater import LazyString",
    ):
        assert _flask_babel_lazy_uses(ast.parse(source)), source
    assert not _flask_babel_lazy_uses(ast.parse("from flask_babel import gettext as _"))


#: what a module of `consult.core` may import from `consult`
CORE_MAY_IMPORT = ("consult.core", "consult.extensions", "consult.i18n", "consult.database")
#: imports of core modules that only type checkers read (`if TYPE_CHECKING:`): the account
#: model in relationship annotations, which the mapper finds by name at run time
CORE_ANNOTATION_ONLY = {"consult.auth.models"}
#: none: core imports only itself, the extensions and i18n
CORE_EXCEPTIONS: dict[str, set[str]] = {}

#: import cycles known and not yet broken, each as the sorted names of its modules
KNOWN_CYCLES: list[list[str]] = []


def _modules() -> dict[str, Path]:
    """Every module of `consult`, by its dotted name."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _targets(node: ast.Import | ast.ImportFrom, module: str) -> Iterator[str]:
    """The modules of `consult` an import statement in `module` loads, by dotted name: for
    `from package import name`, the submodule `package.name` where there is one, else
    `package`."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name
        return
    if node.level:
        base = module.split(".")
        if not _is_package(module):
            base.pop()
        base = base[: len(base) - (node.level - 1)]
        source = ".".join([*base, node.module] if node.module else base)
    else:
        source = node.module or ""
    for alias in node.names:
        submodule = f"{source}.{alias.name}"
        yield submodule if submodule in MODULES else source


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(module: str, *, top_level: bool) -> Iterator[tuple[str, bool]]:
    """The `consult` modules `module` imports, each with whether the import is read only by
    type checkers. With `top_level`, only the imports run when the module is imported (not
    those inside functions and classes, nor under `if TYPE_CHECKING:`)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))

    def walk(nodes: list[ast.stmt], typing_only: bool) -> Iterator[tuple[str, bool]]:
        for node in nodes:
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _targets(node, module):
                    if target == "consult" or target.startswith("consult."):
                        yield target, typing_only
            elif isinstance(node, ast.If) and _is_type_checking(node):
                if not top_level:
                    yield from walk(node.body, True)
                yield from walk(node.orelse, typing_only)
            elif top_level and isinstance(
                node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
            ):
                continue
            else:
                for field in ("body", "orelse", "finalbody", "handlers"):
                    children = getattr(node, field, None)
                    if isinstance(children, list):
                        yield from walk(
                            [c for c in children if isinstance(c, ast.AST)], typing_only
                        )

    yield from walk(tree.body, False)


def test_core_imports_nothing_of_the_features():
    """`consult.core` is what every feature builds on: it imports only itself, the extensions
    and `consult.i18n`, anywhere in its modules (functions included)."""
    wrong = []
    for module in MODULES:
        if module != "consult.core" and not module.startswith("consult.core."):
            continue
        allowed = CORE_EXCEPTIONS.get(module, set())
        for target, typing_only in _imports(module, top_level=False):
            if target.startswith(CORE_MAY_IMPORT) or target in allowed:
                continue
            if typing_only and target in CORE_ANNOTATION_ONLY:
                continue
            wrong.append(f"{module} imports {target}")
    assert wrong == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph[node]:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_no_import_cycle_between_modules():
    """No module of `consult` imports, at module level, one that imports it back (directly or
    through others): each layer can be read, imported and tested on its own."""
    graph = {
        module: {target for target, _ in _imports(module, top_level=True) if target in MODULES}
        for module in MODULES
    }
    assert _cycles(graph) == KNOWN_CYCLES


def test_the_cycle_finder_finds_a_cycle():
    """The check above would see a cycle, including one through a third module."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_every_feature_package_defines_its_blueprint_in_its_init():
    """Each package with a `views` module defines `bp` in its `__init__`, and its views modules
    take it from there."""
    for module, path in MODULES.items():
        if not module.endswith(".views"):
            continue
        package = module.rsplit(".", 1)[0]
        init = ast.parse(MODULES[package].read_text(encoding="utf-8"))
        assigned = {
            target.id
            for node in init.body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        assert "bp" in assigned, package
        assert "Blueprint(" not in path.read_text(encoding="utf-8"), module


def test_every_standard_is_written_in_core_standards():
    """Findings are made by the rules of `consult/core/standards.py` only (and the record of
    breaches in `compliance.py`): a kind counts what a rule needs and calls it."""
    allowed = {PACKAGE / "core" / "standards.py", PACKAGE / "core" / "compliance.py"}
    makers = []
    for path in PACKAGE.rglob("*.py"):
        if path in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Finding":
                makers.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not makers
