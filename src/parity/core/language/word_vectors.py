"""A statement's meaning from static word vectors, for the light stance reader.

Cue phrases and the words seen in training cover what the corpus says; they cannot tell that
"whatever lands in our inbox gets done by Friday" is close to "we never say no" when neither
phrase was in the corpus. The sentence model of the ``embeddings`` reader can, but it needs the
optional extra and reads about eight times slower. This module carries the part of that model's
knowledge that fits in a small file: one vector per word piece of the model's vocabulary,
distilled by ``scripts/build_word_vectors.py``. A statement's meaning is the normalised mean of
the vectors of its word pieces, split exactly as the model splits them.

The model's own splitter (the ``tokenizers`` library's BERT word-piece tokenizer: clean the
text, lower-case it, split off punctuation, then take the longest known piece again and again)
costs about fifty microseconds a statement, most of it outside the splitting itself. For a text
in plain ASCII the same rules take a few lines (:func:`_ascii_pieces`), and each distinct word
is split once; any other text, or one naming a special token such as ``[CLS]``, goes to the
library. Both give the same pieces (``tests/unit/language/test_word_vectors.py``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

VECTORS_FILE = "lexicon/word-vectors.npy"
PIECES_FILE = "lexicon/word-pieces.txt"
UNKNOWN = "[UNK]"
#: The tokens the model's tokenizer reads as themselves wherever they stand in a text.
SPECIAL_TOKENS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
PIECE_PREFIX = "##"  # how a piece that continues a word is written in the vocabulary
MAX_WORD_CHARS = 100  # a longer word is one unknown piece
#: The words whose pieces are remembered, at most (then forgotten all at once).
MAX_REMEMBERED = 100_000

#: Cleaning an ASCII text as the tokenizer does: control characters are dropped, tabs and line
#: breaks become spaces.
_ASCII_CLEAN = str.maketrans(
    {**dict.fromkeys([*range(0x20), 0x7F]), **{ord(c): " " for c in "\t\n\r"}}
)
#: An ASCII text's words once cleaned and lower-cased: runs of letters and digits, and every
#: other character but the space on its own (all of them are punctuation to the tokenizer).
_ASCII_WORDS = re.compile(r"[a-z0-9]+|[^ a-z0-9]")


def save(folder: Path, pieces: Sequence[str], vectors: np.ndarray) -> None:
    """Write the vocabulary and its vectors into ``folder`` as :func:`_table` reads them: the
    pieces as UTF-8 text, a piece a line, and the vectors in half precision as a NumPy file,
    uncompressed, so that a process maps it rather than reading it (below)."""
    if any("\n" in piece for piece in pieces) or len(pieces) != len(vectors):
        raise ValueError("One piece per vector, none holding a line break.")
    (folder / Path(PIECES_FILE).name).write_text("\n".join(pieces) + "\n", encoding="utf-8")
    np.save(folder / Path(VECTORS_FILE).name, vectors.astype(np.float16))


@cache
def _table() -> tuple[dict[str, int], np.ndarray]:
    """The vocabulary (piece: row) and the vectors, one row per piece, kept as the file
    stores them (half precision; a statement's rows are widened when it is read).

    The vectors are mapped from the file, not read: only the pages of the pieces a process's
    statements use are ever in its memory (a few kilobytes for a round's answers rather than
    the table's 7.8 MB), and the server's processes share them through the page cache.
    """
    package = resources.files("parity.core.language")
    pieces = package.joinpath(PIECES_FILE).read_text(encoding="utf-8")
    source = package.joinpath(VECTORS_FILE)
    if isinstance(source, Path):
        vectors = np.load(source, mmap_mode="r")
    else:  # a package inside an archive: no file to map
        vectors = np.load(io.BytesIO(source.read_bytes()))
    return {piece: i for i, piece in enumerate(pieces.removesuffix("\n").split("\n"))}, vectors


@cache
def _tokenizer() -> Any:
    """The model's tokenizer, for the texts :func:`_ascii_pieces` does not split."""
    from tokenizers import BertWordPieceTokenizer

    tokenizer = BertWordPieceTokenizer(_table()[0], lowercase=True, strip_accents=True)
    tokenizer.no_truncation()
    return tokenizer


def dimensions() -> int:
    return int(_table()[1].shape[1])


def meanings(texts: Sequence[str]) -> np.ndarray:
    """One unit-length row per text; a text with no word piece gets a row of zeros."""
    vocabulary, vectors = _table()
    unknown = vocabulary[UNKNOWN]
    out = np.zeros((len(texts), vectors.shape[1]), dtype=np.float32)
    for row, pieces in enumerate(_pieces(texts)):
        ids = [i for i in pieces if i != unknown]
        if ids:
            mean = vectors[ids].astype(np.float32).mean(axis=0)
            out[row] = mean / (np.linalg.norm(mean) + 1e-12)
    return out


def _pieces(texts: Sequence[str]) -> list[list[int]]:
    """The word pieces of each text, as the model's tokenizer splits it."""
    out: list[list[int] | None] = [_ascii_pieces(text) for text in texts]
    others = [i for i, pieces in enumerate(out) if pieces is None]
    if others:
        encoded = _tokenizer().encode_batch([texts[i] for i in others], add_special_tokens=False)
        for i, encoding in zip(others, encoded, strict=True):
            out[i] = list(encoding.ids)
    return [pieces or [] for pieces in out]


def _ascii_pieces(text: str) -> list[int] | None:
    """The word pieces of an ASCII text, or ``None`` for a text this does not split (not
    ASCII, or naming a special token)."""
    if not text.isascii() or ("[" in text and any(t in text for t in SPECIAL_TOKENS)):
        return None
    pieces: list[int] = []
    known = _known_words()
    for word in _ASCII_WORDS.findall(text.translate(_ASCII_CLEAN).lower()):
        split = known.get(word)
        if split is None:
            if len(known) >= MAX_REMEMBERED:
                known.clear()
            split = known[word] = _word_pieces(word)
        pieces += split
    return pieces


@cache
def _known_words() -> dict[str, tuple[int, ...]]:
    return {}


def _word_pieces(word: str) -> tuple[int, ...]:
    """A word's pieces, longest known piece first; a word with a part no piece covers (or
    longer than :data:`MAX_WORD_CHARS`) is one unknown piece."""
    vocabulary = _table()[0]
    if len(word) > MAX_WORD_CHARS:
        return (vocabulary[UNKNOWN],)
    pieces, start = [], 0
    while start < len(word):
        for end in range(len(word), start, -1):
            piece = word[start:end] if start == 0 else PIECE_PREFIX + word[start:end]
            index = vocabulary.get(piece)
            if index is not None:
                pieces.append(index)
                start = end
                break
        else:
            return (vocabulary[UNKNOWN],)
    return tuple(pieces)
