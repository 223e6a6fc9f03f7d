"""The light reader splits plain text into the model's word pieces exactly as the model's own
tokenizer does, and leaves any other text to that tokenizer."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.support.corpus import CORPUS_DIR

from parity.core.language import word_vectors
from parity.core.language.word_vectors import _ascii_pieces, _pieces, _tokenizer, meanings
from parity.training import read_corpus

FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ASCII = "".join(map(chr, range(128)))


def model_pieces(text: str) -> list[int]:
    return list(_tokenizer().encode(text, add_special_tokens=False).ids)


def test_the_labelled_statements_split_as_the_model_splits_them() -> None:
    folder = CORPUS_DIR
    frames = [read_corpus(folder), read_corpus(folder / "fresh"), read_corpus(folder / "outside")]
    texts = [t for frame in frames for t in frame["text"]]
    split = 0
    for text in texts:
        pieces = _ascii_pieces(text)
        if pieces is not None:
            assert pieces == model_pieces(text), text
            split += 1
    assert split > 0.95 * len(texts)


def test_every_ascii_character_splits_as_the_model_splits_it() -> None:
    for char in ASCII:
        for text in (char, f"ab{char}cd", f"x {char} y", char * 3, f"Don{char}t", f"{char}HR"):
            assert _ascii_pieces(text) == model_pieces(text), repr(text)


@FAST
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=ASCII, max_size=8),
            st.sampled_from(["serve", "Sales", "we're", "co-own", "24/7", "unbelievably", "##"]),
            st.sampled_from(["[CLS]", "[MASK]", "[UNK]", "[SEP]", "[PAD]", "[cls]", "[ SEP]"]),
            st.text(alphabet="ab", min_size=95, max_size=105),  # around the longest word read
        ),
        max_size=10,
    ).map(" ".join)
)
def test_generated_ascii_text_splits_as_the_model_splits_it(text: str) -> None:
    pieces = _ascii_pieces(text)
    if pieces is None:  # a special token is read by the model's tokenizer itself
        assert any(token in text for token in word_vectors.SPECIAL_TOKENS)
    else:
        assert pieces == model_pieces(text)


def test_other_text_is_left_to_the_model_tokenizer() -> None:
    texts = ["Café crème — naïve", "we [MASK] them", "plain words", "🙂", ""]
    assert [_ascii_pieces(t) is None for t in texts] == [True, True, False, True, False]
    assert _pieces(texts) == [model_pieces(t) for t in texts]


def test_a_meaning_is_the_mean_of_the_pieces_vectors() -> None:
    vocabulary, vectors = word_vectors._table()
    text = "We never say no to Sales"
    ids = [i for i in model_pieces(text) if i != vocabulary[word_vectors.UNKNOWN]]
    mean = vectors[ids].astype(np.float32).mean(axis=0)
    assert np.array_equal(meanings([text])[0], mean / (np.linalg.norm(mean) + 1e-12))


def test_the_vectors_are_kept_as_the_file_stores_them_and_read_at_full_width() -> None:
    """Half precision in memory, half of what widening the whole table would keep; each
    statement's rows are widened as it is read, so its meaning is that of the widened table."""
    vocabulary, vectors = word_vectors._table()
    assert vectors.dtype == np.float16
    wide = vectors.astype(np.float32)
    texts = ["We never say no to Sales", "Finance decides; we deliver what it asks", "the"]
    for text, got in zip(texts, meanings(texts), strict=True):
        ids = [i for i in model_pieces(text) if i != vocabulary[word_vectors.UNKNOWN]]
        mean = wide[ids].mean(axis=0)
        assert np.array_equal(got, mean / (np.linalg.norm(mean) + 1e-12))


def test_the_vectors_are_mapped_from_the_file_not_read_into_memory() -> None:
    """A process holds only the pages of the pieces its statements use (and the server's
    processes share them): the table is a read-only map of the shipped file."""
    _, vectors = word_vectors._table()
    assert isinstance(vectors, np.memmap)
    assert not vectors.flags.writeable


def test_saving_the_shipped_table_writes_the_shipped_files(tmp_path: Path) -> None:
    vocabulary, vectors = word_vectors._table()
    pieces = sorted(vocabulary, key=vocabulary.__getitem__)
    word_vectors.save(tmp_path, pieces, np.asarray(vectors, dtype=np.float32))
    shipped = resources.files("parity.core.language")
    for name in (word_vectors.VECTORS_FILE, word_vectors.PIECES_FILE):
        written = (tmp_path / Path(name).name).read_bytes()
        assert written == shipped.joinpath(name).read_bytes(), name
