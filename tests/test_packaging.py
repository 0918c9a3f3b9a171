"""The wheel works on its own: built, installed without -e into a fresh virtual environment,
it creates a database, runs the demo and serves pages from the templates it carries."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
                    "--quiet", "--wheel-dir", str(folder)], check=True, capture_output=True, timeout=300)
    [built] = folder.glob("outreach-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A new virtual environment with the wheel installed; its dependencies come from this one's."""
    home = tmp_path_factory.mktemp("venv")
    venv.create(home, with_pip=True)
    python = home / "bin" / "python"
    site_packages = Path(subprocess.check_output(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True).strip())
    # The dependencies are this environment's, as plain paths: its .pth files (the editable
    # install of this checkout among them) are not read from there.
    (site_packages / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    # Without PYTHONPATH: a checkout on it (as the test command puts it) carries the
    # outreach.egg-info of the wheel's build, and pip would take that for an install.
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)], check=True,
                   capture_output=True, timeout=300, env=dict(os.environ, PYTHONPATH=""))
    return home


def run(home: Path, program: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """A program of the new environment, run outside this checkout."""
    env = dict(os.environ, OUTREACH_INSTANCE_PATH=str(cwd / "instance"), PYTHONPATH="")
    env.pop("OUTREACH_DATABASE_URL", None)
    return subprocess.run([str(home / "bin" / program), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def test_the_wheel_carries_templates_static_files_and_migrations(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "outreach/templates/base.html" in names
    assert "outreach/templates/campaigns/board.html" in names
    assert "outreach/web/static/app.css" in names
    assert "outreach/core/db/migrations/env.py" in names
    assert any(name.startswith("outreach/demo/sample_blogs/blogs/") for name in names)


def test_installed_wheel_runs_init_db_demo_and_serves_pages(installed, tmp_path):
    where = run(installed, "python", "-c", "import outreach; print(outreach.__file__)", cwd=tmp_path)
    assert str(installed) in where.stdout, where.stderr  # not this checkout
    init = run(installed, "outreach", "init-db", cwd=tmp_path)
    assert init.returncode == 0 and "Database ready" in init.stdout, init.stderr
    demo = run(installed, "outreach", "demo", "--no-serve", "--folder", str(tmp_path / "demo"), cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert "Crawled 33 blogs" in demo.stdout and "Sign in at" in demo.stdout
    page = run(installed, "python", "-c", (
        "from outreach import create_app\n"
        "app = create_app({'DATABASE_URL': 'sqlite:///%s'})\n"
        "client = app.test_client()\n"
        "login = client.get('/login')\n"
        "print(login.status_code, app.template_folder)\n"
        "print(client.get('/static/app.css').status_code)\n" % (tmp_path / "demo" / "demo.sqlite")), cwd=tmp_path)
    status, folder = page.stdout.split()[:2]
    assert status == "200" and folder.startswith(str(installed)), page.stdout + page.stderr
    assert page.stdout.split()[2] == "200"
