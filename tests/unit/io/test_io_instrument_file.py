"""Loading a custom instrument file: TOML or JSON, and failures that name the file."""

from __future__ import annotations

import json
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from parity.core.instrument import InstrumentError, default_instrument
from parity.io import load_instrument

TPI1 = resources.files("parity.core").joinpath("instruments/tpi-1.toml").read_text("utf-8")


def test_toml(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(TPI1, encoding="utf-8")
    assert load_instrument(path) == default_instrument()


def test_json(tmp_path: Path) -> None:
    path = tmp_path / "mine.JSON"
    path.write_text(json.dumps(tomllib.loads(TPI1)), encoding="utf-8")
    assert load_instrument(path).item_ids == default_instrument().item_ids


def test_validation_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(TPI1.replace('id = "TRS3"', 'id = "TRS9"'), encoding="utf-8")
    with pytest.raises(InstrumentError, match=r"^mine\.toml: .*TRS3"):
        load_instrument(path)


@pytest.mark.parametrize(
    ("file", "content", "words"),
    [
        ("mine.yaml", "id: x", "must be .toml or .json"),
        ("mine", "id = 1", "must be .toml or .json"),
        ("mine.toml", "id = ", "not valid TOML"),
        ("mine.json", '{"id": ', "not valid JSON (line 1"),
        ("mine.json", "[1, 2]", "must be an object"),
    ],
)
def test_broken_files(tmp_path: Path, file: str, content: str, words: str) -> None:
    path = tmp_path / file
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    assert str(caught.value).startswith(f"{file}: ")
    assert words in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InstrumentError, match=r"^gone\.toml: the file does not exist"):
        load_instrument(tmp_path / "gone.toml")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_bytes('title = "Caf\u00e9"'.encode("cp1252"))
    with pytest.raises(InstrumentError, match=r"^mine\.toml: the file is not UTF-8"):
        load_instrument(path)
