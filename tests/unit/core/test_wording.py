"""Generated sentences choose "a" or "an" by sound."""

from __future__ import annotations

import pytest

from parity.core.wording import with_article


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("adversary", "an adversary"),
        ("owner", "an owner"),
        ("partner", "a partner"),
        ("servant", "a servant"),
        ("user", "a user"),
        ("hour", "an hour"),
        ("Internal", "an Internal"),
    ],
)
def test_the_article_follows_the_sound(word: str, expected: str) -> None:
    assert with_article(word) == expected
