"""The import directions of DESIGN.md ("Layout"): `core` and `analytics` know no feature, the four
features do not use each other (hearings → polls is the one exception), and the chair learns
what only the features know through the registries of `consult.core.providers`."""

import ast
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
    "package", ["core", "analytics", "organisations", "meetings", "subscriptions", "plan"]
)
def test_the_shared_packages_know_no_feature(package):
    offending = {f: n & {*FEATURES, "chair", "api"} for f, n in imported_packages(package).items()}
    assert not {f: n for f, n in offending.items() if n}


@pytest.mark.parametrize("feature", FEATURES)
def test_a_feature_does_not_use_another(feature):
    others = set(FEATURES) - {feature} - {b for a, b in ALLOWED_BETWEEN_FEATURES if a == feature}
    offending = {f: n & others for f, n in imported_packages(feature).items()}
    assert not {f: n for f, n in offending.items() if n}


def test_the_chair_reads_the_features_through_the_registries():
    offending = {f: n & set(FEATURES) for f, n in imported_packages("chair").items()}
    assert not {f: n for f, n in offending.items() if n}


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
