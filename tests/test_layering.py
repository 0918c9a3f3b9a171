"""crawlers/ and scoring/ never load Flask: they run in the scheduler, the CLI and benchmarks."""

from __future__ import annotations

import subprocess
import sys


def test_crawlers_and_scoring_do_not_import_flask():
    code = (
        "import sys, pkgutil, importlib, crawlers, scoring\n"
        "for package in (crawlers, scoring):\n"
        "    for module in pkgutil.iter_modules(package.__path__):\n"
        "        importlib.import_module(f'{package.__name__}.{module.name}')\n"
        "loaded = sorted(name for name in sys.modules if name == 'flask' or name.startswith('flask.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
