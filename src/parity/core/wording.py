"""Small pieces of wording that generated sentences share: one home, so no sentence anywhere
reads "a adversary" or "a owner", and a list says "and" in the reader's language."""

from __future__ import annotations

from parity.core.translation import gettext

#: Words that start with a vowel letter but a consonant sound ("a user", "a one-off").
_CONSONANT_SOUNDS = ("uni", "use", "usu", "one", "eu")
#: Words that start with a consonant letter but a vowel sound ("an hour").
_VOWEL_SOUNDS = ("hour", "honest", "honour", "honor", "heir")


def with_article(word: str) -> str:
    """``word`` with "a" or "an" before it, by how it sounds: "an adversary", "a partner".

    English grammar only, for English sentences: another language's article depends on the
    noun's gender and case, so a translated sentence carries its article in its template."""
    lowered = word.strip().lower()
    vowel = lowered[:1] in "aeiou" and not lowered.startswith(_CONSONANT_SOUNDS)
    vowel = vowel or lowered.startswith(_VOWEL_SOUNDS)
    return f"{'an' if vowel else 'a'} {word}"


def listed(items: list[str] | tuple[str, ...]) -> str:
    """Items as a sentence lists them, in the current language: "a", "a and b", "a, b and c"
    ("a, b und c" in German)."""
    if len(items) < 2:
        return "".join(items)
    return gettext("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])
