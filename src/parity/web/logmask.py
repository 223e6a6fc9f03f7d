"""Masking what would let a log reader break the respondents' anonymity.

A server log is read by more people than the database: operators, hosting staff, whoever gets a
copy for a bug report. A line such as ``GET /s/<token>/thanks/`` with its time would tell them
who answered and when (the e-mail invitation with that token names the person), and the token
itself would open that person's saved draft. So every log line, from Django and from gunicorn,
passes through :func:`mask` before it is written:

- survey links ``/s/<token>/…`` become ``/s/…/…`` (printed codes use the same path);
- released results ``/results/<token>/`` become ``/results/…/`` (a facilitator's own results
  pages, ``…/rounds/3/results/12/``, keep their numbers);
- colleague invitations ``/accounts/invite/<token>/`` become ``/accounts/invite/…/``;
- password reset links ``/accounts/reset/<user>/<token>/`` become ``/accounts/reset/…/…/``;
- ``code=`` and ``token=`` in query strings lose their value;
- every e-mail address, also percent-encoded, becomes ``…@…``.

Masking is idempotent, so a line masked twice (gunicorn's access atoms, then a handler filter)
reads the same.
"""

from __future__ import annotations

import logging
import re

#: The character that replaces a secret: not part of any token, code or address.
HIDDEN = "…"
#: What may follow a path segment: the next segment, a query, a fragment, or the end of a quote.
_SEGMENT = r"[^/\s?#\"'<>]+"
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"(/s/){_SEGMENT}"), rf"\g<1>{HIDDEN}"),
    # A facilitator's pages below a round's results are numbers, ``network`` and reports.
    (
        re.compile(rf"(/results/)(?!(?:\d+|network)(?:[/?#\s\"']|$)|report\.){_SEGMENT}"),
        rf"\g<1>{HIDDEN}",
    ),
    (re.compile(rf"(/accounts/invite/){_SEGMENT}"), rf"\g<1>{HIDDEN}"),
    (
        re.compile(rf"(/accounts/reset/)(?!done/){_SEGMENT}/{_SEGMENT}"),
        rf"\g<1>{HIDDEN}/{HIDDEN}",
    ),
    (re.compile(r"([?&;](?:code|token)=)[^&;#\s\"'<>]*"), rf"\g<1>{HIDDEN}"),
    (re.compile(r"[\w.%+'-]+(?:@|%40)[\w-]+(?:\.[\w-]+)*"), f"{HIDDEN}@{HIDDEN}"),
)


def mask(text: str) -> str:
    """``text`` with survey and results tokens, printed codes and e-mail addresses hidden."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


class MaskFilter(logging.Filter):
    """A logging filter that masks a record's message, arguments and traceback in place.

    The message is formatted here and its arguments dropped, so no handler can print an
    argument unmasked; the traceback is formatted and masked into ``exc_text``, which every
    standard formatter prints instead of formatting ``exc_info`` again.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit the message
            message = f"{record.msg} {record.args}"
        record.msg, record.args = mask(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_info = None
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True
