"""Printed survey codes that people can type: 12 characters, one of them a check.

A printed code is read off a slip of paper and typed on a phone, so it must be short, free of
characters that look alike, and tell a typo from a wrong code before anything is looked up.

**Alphabet.** Crockford's base32: the digits and the capitals without I, L, O and U (32
symbols, 5 bits each). Input is read as Crockford does: in any case, with spaces and hyphens
ignored, and the look-alikes O as 0 and I or L as 1. U is not a symbol, so it is a typo.

**Shape.** 11 symbols drawn with :mod:`secrets` and 1 check symbol, shown as ``XXXX-XXXX-XXXX``.
The URL and the stored hash use the 12 symbols without hyphens (:func:`normalize`).

**Check symbol.** The 12 symbols ``x1 … x12`` are elements of the field GF(32) (polynomials over
GF(2) modulo the primitive x⁵ + x² + 1), and a code is valid when
``α¹¹·x1 + α¹⁰·x2 + … + α·x11 + x12 = 0``, with α = x, of order 31. (This is Damm's check with
the quasigroup ``a ∘ b = α·a + b``, which is totally anti-symmetric because α ≠ 1.) Since the
twelve weights ``α¹¹ … α⁰`` are distinct and non-zero:

- a single wrong symbol changes the sum by ``αᵏ·e`` with ``e ≠ 0``, which is never zero;
- swapping two different symbols at positions with weights ``αⁱ, αʲ`` changes it by
  ``(αⁱ + αʲ)·(a + b)``, never zero since ``αⁱ ≠ αʲ``: every transposition is caught, adjacent
  or not, and so is every twin error (``aa`` typed as ``bb``), by the same sum.

Plain arithmetic modulo 32 cannot do this: to catch every substitution its weights must be odd,
so any two differ by an even number, and swapping two symbols 16 apart goes unnoticed. Modulo 37
(Crockford's own check) needs five check symbols outside the 32, which a person would then have
to type.

**Guessing margin.** The 11 random symbols carry 11 × 5 = 55 bits. A look-up that matches
nothing counts against the client address; at R = ``PARITY_PUBLIC_RATE_LIMIT`` failures a
minute (default 30) the address is refused until the minute ends (:mod:`parity.web.ratelimit`,
counts shared by all server processes). An attacker with A = 1,000 addresses, each at the limit,
against N outstanding codes needs on average 2⁵⁵ / N guesses (the check symbol does not slow
them: they can compute it), so the expected time to a first hit is ``T = 2⁵⁵ / (N · R · A)``
minutes, about **2,280,000 / N years**: 2,300 years with N = 1,000 outstanding codes, 230 years
with N = 10,000. Over a three-week round with 1,000 codes, the chance of any hit is about 1 in
40,000.

**Stored keyed.** 55 bits are plenty against guessing through the web, but not against a copy of
the database: plain SHA-256 hashes could be tested offline at billions of guesses a second. So a
code is stored as its HMAC-SHA256 under the installation's secret key (:func:`code_hash`); a
database copy without the secret key opens nothing. (E-mailed links carry 256 bits and are
stored as plain SHA-256, :func:`parity.web.tokens.hash_token`.) Changing the secret key voids
the printed codes of open rounds.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

from parity.web.tokens import hash_token

#: Crockford's base32 symbols, in the order of their values 0-31.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: Random symbols in a code, and its length with the check symbol.
RANDOM_LENGTH = 11
LENGTH = RANDOM_LENGTH + 1
#: Symbols per group in the printed form.
GROUP = 4
#: Bits of chance in a code: what a guesser has to beat.
ENTROPY_BITS = RANDOM_LENGTH * 5

#: How Crockford reads the look-alikes.
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
#: Hyphens (and the dashes a copied PDF may turn them into) between the groups.
_SEPARATORS = "-\u2010\u2011\u2012\u2013\u2014\u2212"
#: Longer input is not a code, whatever its spaces; refused before it is read.
_MAX_INPUT = 64
_VALUES = {symbol: value for value, symbol in enumerate(ALPHABET)}
#: x⁵ + x² + 1, a primitive polynomial: x generates all 31 non-zero elements of GF(32).
_MODULUS = 0b100101


def _times_alpha(value: int) -> int:
    """``value · α`` in GF(32), α being the polynomial x."""
    shifted = value << 1
    return shifted ^ _MODULUS if shifted & 0b100000 else shifted


def _weighted_sum(symbols: str) -> int:
    """``Σ α^(n-i) · x_i`` over the symbols, by Horner's rule (addition in GF(32) is XOR)."""
    total = 0
    for symbol in symbols:
        total = _times_alpha(total) ^ _VALUES[symbol]
    return total


def check_symbol(body: str) -> str:
    """The symbol that completes ``body`` (11 symbols of :data:`ALPHABET`) into a valid code."""
    return ALPHABET[_times_alpha(_weighted_sum(body))]


def is_valid(code: str) -> bool:
    """Whether ``code`` (12 symbols of :data:`ALPHABET`) passes its check."""
    return len(code) == LENGTH and _weighted_sum(code) == 0


def grouped(code: str) -> str:
    """``code`` as printed: groups of four symbols joined by hyphens."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalize(text: str) -> str | None:
    """The 12 symbols that ``text`` spells, or None if it is no valid code.

    Case, spaces and hyphens do not matter, and O, I, L read as 0, 1, 1. None when the length
    is wrong, a character is not a symbol, or the check fails.
    """
    if len(text) > _MAX_INPUT:
        return None
    kept = "".join(text.split()).upper().translate(_LOOK_ALIKES)
    code = "".join(ch for ch in kept if ch not in _SEPARATORS)
    if len(code) != LENGTH or any(ch not in _VALUES for ch in code):
        return None
    return code if is_valid(code) else None


def canonical(token: str) -> str:
    """What Parity hashes for a link's token: a code's 12 symbols, else the token as given.

    A code reaches ``/s/<token>/`` in whatever form it was typed; e-mailed links (43 URL-safe
    characters) never read as a code, having another length.
    """
    return normalize(token) or token


def code_hash(code: str) -> str:
    """The stored form of a code's 12 symbols: HMAC-SHA256 under the secret key, in hex."""
    key = str(settings.SECRET_KEY).encode("utf-8")
    return hmac.new(key, b"parity-code-v1\x00" + code.encode("ascii"), hashlib.sha256).hexdigest()


def link_hash(token: str) -> str:
    """The stored hash of whatever reached ``/s/<token>/``: a code's keyed hash, however it was
    typed, or an e-mailed link's SHA-256."""
    code = normalize(token)
    return code_hash(code) if code else hash_token(token)


def new_code() -> tuple[str, str]:
    """A fresh code as printed (``XXXX-XXXX-XXXX``) and the hash to store (:func:`code_hash`
    of the 12 symbols without hyphens, as :func:`normalize` returns them, so a code is found
    however it was typed)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    code = body + check_symbol(body)
    return grouped(code), code_hash(code)
