"""What the translation catalog takes from data rather than code: the words of the shipped
instruments' constructs (name, short, gloss, meaning), which reports and sentences show.

Babel calls :func:`extract_construct_words` for the instrument files ``babel.cfg`` names
(``make messages``), so a construct's English words keep their one home in the instrument file
and the catalog only says them in another language. The items themselves are translated in the
instrument's own translation file (``tpi-1.de.toml``), where a respondent reads them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

#: The fields of a construct that a reader sees (its ``key`` is a code for coaching triggers).
SHOWN_FIELDS = ("name", "short", "gloss", "meaning")


def extract_construct_words(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel's extraction method: each shown word of each construct, once, with its code as
    the translator's comment. Babel's signature; only ``fileobj`` is read."""
    data = tomllib.loads(fileobj.read().decode("utf-8"))
    for code, fields in data.get("constructs", {}).items():
        for field in SHOWN_FIELDS:
            if fields.get(field):
                yield 0, None, str(fields[field]), [f"construct {code}, {field}"]
