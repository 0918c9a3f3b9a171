"""The layers import only what they may: a syntax-tree scan of every import, those inside
functions included, against one small table. A new back-import fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIRST_PARTY = ("outreach", "crawlers", "scoring")
# Layer -> the layers it may import (itself always). The road: crawl -> store -> score -> board.
ALLOWED = {
    "outreach.core": set(),
    "crawlers": {"outreach.core"},
    "scoring": {"outreach.core"},
    "outreach.jobs": {"outreach.core", "crawlers", "scoring"},
    "outreach.web": {"outreach.core", "scoring"},
    "outreach.demo": {"outreach.core", "crawlers", "scoring", "outreach.jobs"},
    "outreach.cli": {"outreach", "outreach.core", "crawlers", "scoring", "outreach.jobs", "outreach.web",
                     "outreach.demo"},
    "outreach": {"outreach.web", "outreach.cli"},  # create_app: the web app with the commands on it
}
# Layers that run in the scheduler, the CLI and benchmarks: never Flask or the web's libraries.
WEB_LIBRARIES = ("flask", "flask_login", "flask_wtf", "wtforms", "jinja2", "markupsafe", "granian")
FLASK_FREE = ("outreach.core", "crawlers", "scoring", "outreach.jobs", "outreach.demo")


def layer_of(module: str) -> str | None:
    """The most specific layer a module belongs to, or None outside the project."""
    matches = [layer for layer in ALLOWED if module == layer or module.startswith(layer + ".")]
    return max(matches, key=len) if matches else None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(module: str, is_package: bool, source: str) -> list[tuple[int, str]]:
    """Every module a file imports, anywhere in it, relative imports made absolute."""
    tree = ast.parse(source)
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            # "from outreach.core import audit" imports the module outreach.core.audit
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def project_files() -> list[Path]:
    return [path for top in FIRST_PARTY for path in sorted((ROOT / top).rglob("*.py"))
            if "migrations" not in path.parts]


def problems_in(path: Path, source: str | None = None) -> list[str]:
    """What a file imports that its layer may not."""
    module = module_name(path)
    own = layer_of(module)
    allowed = ALLOWED[own] | {own}
    where = path.relative_to(ROOT)
    problems = []
    for line, imported in imports_of(module, path.name == "__init__.py", source or path.read_text()):
        top = imported.split(".")[0]
        if top in FIRST_PARTY:
            target = layer_of(imported)
            if target is not None and target not in allowed:
                problems.append(f"{where}:{line} ({own}) imports {imported} ({target})")
        elif own in FLASK_FREE and top in WEB_LIBRARIES:
            problems.append(f"{where}:{line} ({own}) imports {imported}, a web library")
    return problems


def test_every_import_stays_within_its_layers():
    files = project_files()
    assert len(files) > 80  # the scan reads the whole project
    problems = [problem for path in files for problem in problems_in(path)]
    assert problems == []


@pytest.mark.parametrize("source, expected", [
    ("def refresh():\n    from outreach.web.db import get_session\n", "imports outreach.web.db.get_session"),
    ("import flask\n", "a web library"),
    ("from outreach.jobs import crawl_and_index\n", "imports outreach.jobs.crawl_and_index"),
    ("from outreach.core.models import Blog\n", ""),  # the core: allowed
])
def test_a_back_import_is_caught_even_inside_a_function(source, expected):
    problems = problems_in(ROOT / "crawlers" / "refresh.py", source)
    assert [expected in problem for problem in problems] == ([True] if expected else [])
