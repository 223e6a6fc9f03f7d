"""An optional second factor: a code from an authenticator app (TOTP), or a backup code.

An account turns it on at ``/accounts/two-factor/``: the page shows a QR code (drawn here with
segno, as an image inside the page: no other site sees the secret) and the secret itself, and
the account confirms with a first code; it then receives ten single-use backup codes, shown
once. From then on a password alone does not open the account: after signing in, every page
sends it to ``/accounts/two-factor/verify/`` until a code is given (:class:`SecondFactorMiddleware`;
the JSON API answers 403). django-otp stores the devices and slows down code guessing on each
device (every failure doubles the wait before the next code is checked).
"""

from __future__ import annotations

from collections.abc import Callable

import segno
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from parity.web.orgs.tenancy import signed_in

#: Backup codes made when the second factor is turned on, each usable once.
BACKUP_CODES = 10
#: Pages an account that still owes its code may open.
_OPEN_ROUTES = frozenset({"accounts:two-factor-verify", "accounts:logout"})


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        help_text=gettext_lazy(
            "The six digits your authenticator app shows now, or one of your backup codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self) -> str:
        return "".join(str(self.cleaned_data["code"]).split())


def _verified(request: HttpRequest) -> bool:
    """Whether this session gave a code (set on ``request.user`` by django-otp's middleware)."""
    return bool(getattr(request.user, "is_verified", lambda: False)())


def _totp(user: User, confirmed: bool) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def _qr_data_uri(device: TOTPDevice) -> str:
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2))


def _make_backup_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Backup codes")
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@never_cache
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Turn the second factor on (scan, confirm with a code, keep the backup codes) or off."""
    user = signed_in(request)
    form = CodeForm(request.POST or None)
    if _totp(user, confirmed=True) is not None:
        return _enabled(request, user, form)
    device = _totp(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = _make_backup_codes(user)
            otp_login(request, device)
            return render(request, "accounts/two_factor_codes.html", {"codes": codes})
        form.add_error(
            "code", gettext("This code does not match; check the app's clock and try again.")
        )
    context = {
        "form": form,
        "qr": _qr_data_uri(device),
        "secret": device.config_url.split("secret=", 1)[1].split("&", 1)[0],
    }
    return render(request, "accounts/two_factor_setup.html", context)


def _enabled(request: HttpRequest, user: User, form: CodeForm) -> HttpResponse:
    """The page of an account with the second factor on: turning it off takes a current code."""
    if request.method == "POST" and form.is_valid():
        if match_token(user, form.cleaned_data["code"]) is not None:
            TOTPDevice.objects.filter(user=user).delete()
            StaticDevice.objects.filter(user=user).delete()
            return render(request, "accounts/two_factor_off.html")
        form.add_error("code", gettext("This code does not match; the second factor stays on."))
    backup = StaticToken.objects.filter(device__user=user).count()
    return render(request, "accounts/two_factor_on.html", {"form": form, "backup_left": backup})


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in, for an account with the second factor on."""
    user = signed_in(request)
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    target = target or reverse(settings.LOGIN_REDIRECT_URL)
    if not user_has_device(user) or _verified(request):
        return redirect(target)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(target)
        form.add_error(
            "code",
            gettext(
                "This code does not match. Codes change every 30 seconds; after a wrong code, "
                "Parity waits longer before it checks the next."
            ),
        )
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": target})


class SecondFactorMiddleware:
    """Holds a signed-in account with a second factor at the code page until it gives one.

    Placed after django-otp's ``OTPMiddleware``, which tells whether the session gave a code.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., HttpResponse],
        args: tuple[object, ...],
        kwargs: dict[str, object],
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or _verified(request):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in _OPEN_ROUTES:
            return None
        if not isinstance(user, User) or not user_has_device(user):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": "This session has not given its second-factor code yet."}, status=403
            )
        verify_url = reverse("accounts:two-factor-verify")
        return redirect(f"{verify_url}?{urlencode({'next': request.get_full_path()})}")
