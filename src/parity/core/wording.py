"""Small pieces of English that generated sentences share: one home, so no sentence anywhere
reads "a adversary" or "a owner"."""

from __future__ import annotations

#: Words that start with a vowel letter but a consonant sound ("a user", "a one-off").
_CONSONANT_SOUNDS = ("uni", "use", "usu", "one", "eu")
#: Words that start with a consonant letter but a vowel sound ("an hour").
_VOWEL_SOUNDS = ("hour", "honest", "honour", "honor", "heir")


def with_article(word: str) -> str:
    """``word`` with "a" or "an" before it, by how it sounds: "an adversary", "a partner"."""
    lowered = word.strip().lower()
    vowel = lowered[:1] in "aeiou" and not lowered.startswith(_CONSONANT_SOUNDS)
    vowel = vowel or lowered.startswith(_VOWEL_SOUNDS)
    return f"{'an' if vowel else 'a'} {word}"


def listed(items: list[str] | tuple[str, ...]) -> str:
    """Items as a sentence lists them: "a", "a and b", "a, b and c"."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
