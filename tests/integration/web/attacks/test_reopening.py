"""Reopening: change the dates of a finished round so that it takes answers again.

A round whose results were read (or released) and then reopened takes new answers, and its
published numbers move by exactly those answers: the differencing attack again, with the
facilitator choosing who answers next. The promise: a closed round cannot be reopened, neither
with the round's "change the dates" form nor through the API.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from tests.integration.web.attacks.kit import PARTNER, Scene, answer, link_is_spent
from tests.integration.web.builders import World

_FORM_MOMENT = "%Y-%m-%dT%H:%M"
#: Words one of which a refusal to reopen should use.
_REFUSAL_WORDS = ("closed", "reopen", "re-open", "cannot", "can't", "can not", "no longer")


def _moment(value: datetime) -> str:
    return timezone.localtime(value).strftime(_FORM_MOMENT)


def _finish(scene: Scene, how: str) -> None:
    if how == "closed":
        scene.close()
    elif how == "expired":
        scene.let_expire()
    else:
        scene.close()
        scene.release()


@pytest.mark.parametrize("how", ["closed", "expired", "released"])
def test_a_finished_round_cannot_be_reopened_with_its_dates_form(
    world: World, facilitator: Client, how: str
) -> None:
    scene = Scene.open(facilitator, "org-a", world.relationship)
    links = scene.codes(world.it, 6)
    for link in links[:5]:
        answer(link, PARTNER)
    _finish(scene, how)
    before = scene.round_json()
    assert before["state"] == "closed"
    opened = datetime.fromisoformat(before["opens_at"])
    now = timezone.now()
    attempts = {
        "closing later": {
            "opens_at": _moment(opened),
            "closes_at": _moment(now + timedelta(days=7)),
        },
        "moving the whole round later": {
            "opens_at": _moment(now + timedelta(days=1)),
            "closes_at": _moment(now + timedelta(days=8)),
        },
    }
    for attempt, dates in attempts.items():
        refused = facilitator.post(f"{scene.round_url}edit/", dates)
        assert refused.status_code in (200, 400, 409), (
            f"{attempt}: the dates form of a {how} round answered {refused.status_code} "
            f"(a redirect means it saved the new dates)"
        )
        text = refused.content.decode().lower()
        assert any(word in text for word in _REFUSAL_WORDS), (
            f"{attempt}: the form does not say why the {how} round keeps its dates"
        )
        after = scene.round_json()
        assert (after["opens_at"], after["closes_at"], after["state"]) == (
            before["opens_at"],
            before["closes_at"],
            "closed",
        ), f"{attempt}: the {how} round's dates changed"
        assert link_is_spent(links[5]), f"{attempt}: an unused link of the {how} round works again"
    # The API's doors to the same move (the API has none today; it must not grow one that
    # skips the form's rule).
    later = (now + timedelta(days=7)).isoformat()
    for method in ("patch", "put"):
        sent = getattr(facilitator, method)(
            f"/api/orgs/org-a/rounds/{scene.round_id}",
            {**before, "closes_at": later},
            content_type="application/json",
        )
        assert not 200 <= sent.status_code < 300, f"{method.upper()} reopened the {how} round"
        assert scene.round_json()["closes_at"] == before["closes_at"]
