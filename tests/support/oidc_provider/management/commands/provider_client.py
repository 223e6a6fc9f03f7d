"""Registers Parity at the provider: a confidential client with the authorization-code grant,
whose users are not asked to consent (``skip_authorization``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from oauth2_provider.models import get_application_model


class Command(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("client_id")
        parser.add_argument("client_secret")
        parser.add_argument("redirect_uris", nargs="+")

    def handle(self, *args: Any, **options: Any) -> None:
        application = get_application_model()
        application.objects.create(
            name="Parity",
            client_id=options["client_id"],
            client_secret=options["client_secret"],
            client_type=application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(options["redirect_uris"]),
            skip_authorization=True,
            algorithm=application.RS256_ALGORITHM,
        )
