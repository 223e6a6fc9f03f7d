"""The release path, as an operator meets it: a source distribution that holds everything, a
wheel built from that source distribution (as pip builds one), installed into a clean virtual
environment, whose ``parity`` analyses the demo and serves the pages.

The clean environment gets the wheel without its dependencies, and finds those in the test
run's own environment through a path file: what is tested is the wheel's contents (its code,
templates, static files, instruments, catalogs and entry point), without downloading the
dependencies again. Which dependencies a wheel resolves to is the package index's business
(see docs/releasing.md).
"""

from __future__ import annotations

import os
import re
import site
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.request import urlopen

import pytest
from tests.integration.web.serve_process import running

import parity

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
#: The installed release's processes import nothing from this checkout, whatever the caller's
#: PYTHONPATH says.
CLEAN = {**os.environ, "PYTHONPATH": ""}
#: Files an install cannot work without, as they sit in the package.
NEEDED = (
    "parity/core/instruments/tpi-1.toml",
    "parity/core/instruments/tpi-2.toml",
    "parity/core/language/lexicon/word-vectors.npy",
    "parity/core/language/lexicon/word-pieces.txt",
    "parity/web/templates/base.html",
    "parity/web/surveys/migrations/0001_initial.py",
    "parity/py.typed",
)


@dataclass(frozen=True)
class Release:
    sdist: Path
    wheel: Path
    python: Path

    @property
    def parity(self) -> Path:
        return self.python.with_name("parity")


def _build(backend_call: str, source: Path, out: Path) -> Path:
    """Run setuptools' build backend (PEP 517) in ``source``; the file it wrote."""
    code = f"from setuptools import build_meta as b; print(b.{backend_call}({str(out)!r}))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=source, capture_output=True, text=True, check=True
    )
    return out / done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Release:
    out = tmp_path_factory.mktemp("release")
    sdist = _build("build_sdist", ROOT, out)
    with tarfile.open(sdist) as archive:
        archive.extractall(out / "unpacked", filter="data")
    (source,) = (out / "unpacked").iterdir()
    wheel = _build("build_wheel", source, out)
    environment = out / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", environment], check=True)
    python = environment / "bin" / "python"
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    subprocess.run([*install, "--no-deps", str(wheel)], check=True, env=CLEAN)
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
        env=CLEAN,
    ).stdout.strip()
    (Path(purelib) / "dependencies.pth").write_text(site.getsitepackages()[0] + "\n")
    return Release(sdist, wheel, python)


def test_the_version_is_written_once_and_has_its_changelog() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project
    assert project["dynamic"] == ["version"]
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    heading = rf"^## \[{re.escape(parity.__version__)}\] - \d{{4}}-\d\d-\d\d$"
    assert re.search(heading, changelog, re.M)


def test_the_source_and_the_wheel_hold_what_an_install_needs(release: Release) -> None:
    with tarfile.open(release.sdist) as archive:
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    with zipfile.ZipFile(release.wheel) as archive:
        in_wheel = set(archive.namelist())
        metadata = next(n for n in in_wheel if n.endswith(".dist-info/METADATA"))
        version = re.search(r"^Version: (.+)$", archive.read(metadata).decode(), re.M)
    for needed in NEEDED:
        assert f"src/{needed}" in in_sdist, needed
        assert needed in in_wheel, needed
    assert any(n.startswith("parity/web/static/parity/") for n in in_wheel)
    assert "CHANGELOG.md" in in_sdist
    assert version is not None
    assert version.group(1) == parity.__version__
    assert not any(n.startswith(("tests/", "parity/tests/")) for n in in_wheel)


def test_the_installed_parity_is_the_wheel_and_analyses_the_demo(
    release: Release, tmp_path: Path
) -> None:
    where = subprocess.run(
        [release.python, "-c", "import parity; print(parity.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        env=CLEAN,
    ).stdout
    assert where.startswith(str(release.python.parents[1])), where
    shown = subprocess.run([release.parity, "--version"], capture_output=True, text=True, env=CLEAN)
    assert parity.__version__ in shown.stdout
    demo = subprocess.run(
        [release.parity, "demo", "--out", str(tmp_path / "demo")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=CLEAN,
    )
    assert demo.returncode == 0, demo.stderr
    assert (tmp_path / "demo" / "analysis.json").is_file()


def test_the_installed_parity_serves_its_pages(release: Release, tmp_path: Path) -> None:
    with running(
        tmp_path / "data",
        tmp_path / "server.log",
        "--no-background-worker",
        env={"PYTHONPATH": ""},
        python=release.python,
    ) as server:
        with urlopen(f"{server.base}/accounts/login/", timeout=10) as answer:
            page = answer.read().decode()
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page)
        assert stylesheet, page
        with urlopen(f"{server.base}{stylesheet.group(1)}", timeout=10) as answer:
            assert answer.status == 200
