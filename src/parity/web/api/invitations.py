"""What the API says of the invitations it makes: each printed code with its survey link.

The invitations themselves are made by the use cases the invitation page calls too
(:mod:`parity.web.surveys.services`).
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from django.urls import reverse

from parity.web.surveys.codes import canonical
from parity.web.surveys.models import Round
from parity.web.surveys.rounds import Side
from parity.web.surveys.services import invite_with_codes


def survey_link(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("surveys:answer", args=[token]))


def make_codes(
    request: HttpRequest, found: Round, side: Side, count: int
) -> tuple[uuid.UUID, list[dict[str, str]]]:
    """A new batch of printed codes: its id, and each code as printed with its survey link."""
    batch, codes = invite_with_codes(found, side, count)
    return batch, [{"code": code, "link": survey_link(request, canonical(code))} for code in codes]
