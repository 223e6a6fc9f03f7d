from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm, UsernameField
from django.contrib.auth.models import User

from parity.web.orgs.models import Role


class InviteForm(forms.Form):
    email = forms.EmailField(label="Colleague's e-mail address")
    role = forms.ChoiceField(
        choices=Role.choices,
        initial=Role.VIEWER,
        widget=forms.RadioSelect,
        help_text="Facilitators map, invite and run rounds; viewers read.",
    )


class SignUpForm(UserCreationForm[User]):
    """A new account for someone who accepts an invitation without one yet."""

    class Meta:
        model = User
        fields = ("username",)
        field_classes = {"username": UsernameField}
