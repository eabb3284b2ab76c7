"""The layer order of DESIGN.md: an app imports only from the apps below it. A lower layer learns of
a higher one through signals or registries; type-only imports (under ``if TYPE_CHECKING:``) carry no
run-time dependency and are allowed. Tests and migrations are outside the rule."""

from __future__ import annotations

import ast
from pathlib import Path

LAYERS = [
    "core",
    "orgs",
    "audit",
    "notify",
    "items",
    "publications",
    "instructions",
    "commissions",
    "urgent",
    "scoring",
    "insights",
    "api",
]
PACKAGE = Path(__file__).resolve().parents[2]  # xinbao/


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _imported_apps(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    found = []
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "xinbao" and len(parts) > 1 and parts[1] in LAYERS:
                found.append((node.lineno, parts[1]))
    return found


def upward_imports() -> list[str]:
    problems = []
    for app in LAYERS:
        for path in sorted((PACKAGE / app).rglob("*.py")):
            relative = path.relative_to(PACKAGE)
            if "tests" in relative.parts or "migrations" in relative.parts:
                continue
            for line, target in _imported_apps(path):
                if LAYERS.index(target) > LAYERS.index(app):
                    problems.append(f"xinbao/{relative}:{line} ({app}) imports {target}")
    return problems


def test_no_app_imports_a_higher_layer():
    problems = upward_imports()
    assert not problems, "upward imports (use a signal or a registry):\n" + "\n".join(problems)


def test_every_app_is_in_the_layer_order():
    apps = {p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists()}
    assert apps <= set(LAYERS), f"add these apps to LAYERS in the right place: {apps - set(LAYERS)}"
