"""Where code lives: apps depend on each other only through models and selectors."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What each app may import from another of the project's apps.
ALLOWED_FROM_OTHER_APP = {"models", "selectors"}
APPS = ("nutrients", "assessment", "search", "feedback")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("app", APPS)
def test_an_app_uses_another_only_through_its_models_and_selectors(app):
    offending = []
    for path in (ROOT / app).rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for name in imported_modules(path):
            parts = name.split(".")
            # "from nutrients import selectors" records "nutrients" and "nutrients.selectors".
            other_app = len(parts) > 1 and parts[0] in APPS and parts[0] != app
            if other_app and parts[1] not in ALLOWED_FROM_OTHER_APP:
                offending.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not offending, offending


def test_no_module_outside_an_app_imports_its_views():
    offending = []
    for top in ("core", "cramps_site", *APPS):
        for path in (ROOT / top).rglob("*.py"):
            if "tests" in path.parts:
                continue
            for name in imported_modules(path):
                parts = name.split(".")
                if parts[0] in APPS and parts[0] != top and "views" in parts:
                    offending.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not offending, offending
