"""Adds a person to the provider's directory, with a password to sign in there."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandParser
from tests.support.oidc_provider.claims import UNVERIFIED


class Command(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("password")
        parser.add_argument("email")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--unverified", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.create_user(
            options["username"],
            email=options["email"],
            password=options["password"],
            first_name=options["first_name"],
            last_name=options["last_name"],
        )
        if options["unverified"]:
            user.groups.add(Group.objects.get_or_create(name=UNVERIFIED)[0])
