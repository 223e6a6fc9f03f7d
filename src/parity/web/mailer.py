"""The e-mail backend of an install without an SMTP server: it says that mail went out, no more.

Django's console backend prints each message whole, recipient and body included; a survey
invitation's body holds the person's single-use link, so the server's output would pair a name
with the link that opens their survey and their saved answers. This backend prints one line per
message instead (its subject, masked, and how many recipients it had). On a laptop, where the
operator wants to click the links, ``PARITY_DEBUG_MAIL=1`` prints the whole message as Django's
console backend does.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.message import EmailMessage

from parity.web.logmask import mask


class QuietConsoleBackend(ConsoleBackend):
    """Writes "E-mail sent" with the subject and the number of recipients, never an address."""

    def write_message(self, message: EmailMessage) -> None:
        if settings.DEBUG_MAIL:
            super().write_message(message)
            return
        count = len(message.recipients())
        self.stream.write(
            f"E-mail sent: {mask(str(message.subject))!r} to {count} "
            f"recipient{'' if count == 1 else 's'} (PARITY_DEBUG_MAIL=1 prints it whole).\n"
        )
