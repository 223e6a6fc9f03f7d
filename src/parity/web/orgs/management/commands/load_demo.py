"""``parity manage load_demo``: load Harbour & Vale Group unless it was loaded before."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from parity.web.demo_loader import ensure_demo


class Command(BaseCommand):
    help = "Load the demo organization (Harbour & Vale Group) on first use, and print its login."

    def handle(self, *args: Any, **options: Any) -> None:
        login = ensure_demo(settings.DATA_DIR)
        state = "Loaded" if login.loaded_now else "Already loaded:"
        self.stdout.write(f"{state} the demo organization. Sign in as {login.username}")
        if login.password:
            self.stdout.write(f"with the password {login.password}")
