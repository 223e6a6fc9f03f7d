"""``parity manage two_factor_off <user name>``: for someone who lost their phone and their
backup codes; they sign in with their password alone, and may turn the second factor on again."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Turn off an account's two-factor sign-in (its authenticator app and backup codes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="the account's user name")

    def handle(self, *args: Any, **options: Any) -> None:
        username = str(options["username"])
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no account with the user name {username!r}.")
        with transaction.atomic():
            removed = TOTPDevice.objects.filter(user=user).delete()[0]
            removed += StaticDevice.objects.filter(user=user).delete()[0]
        if removed:
            self.stdout.write(f"Two-factor sign-in is off for {username}.")
        else:
            self.stdout.write(f"{username} had no two-factor sign-in; nothing changed.")
