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


@pytest.mark.parametrize("package", ["core", "analytics"])
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
