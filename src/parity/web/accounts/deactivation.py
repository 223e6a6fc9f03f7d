"""Deactivating an account: it can no longer sign in, and its open sessions end at once.

Django's password sign-in already refuses an inactive account, and the API refuses its tokens
(:mod:`parity.web.accounts.api_tokens`). A session opened before stays open with some sign-in
backends (single sign-on's asks nothing on later requests), so deactivating also deletes the
account's sessions: its next page is the sign-in page. Memberships, tokens and the record of
changes are kept, so that an account deactivated by mistake is simply made active again.
"""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.utils import timezone


def end_sessions(user: User) -> int:
    """Delete every unexpired session signed in as ``user``; how many there were."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk):
            session.delete()
            ended += 1
    return ended


def deactivate(user: User) -> None:
    """Mark ``user`` inactive and end their sessions."""
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    end_sessions(user)
