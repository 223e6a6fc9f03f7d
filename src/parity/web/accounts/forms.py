from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm, UsernameField
from django.contrib.auth.models import User

from parity.web.orgs.models import Role

#: Colleagues are invited as facilitators or viewers; an owner makes another owner on the
#: members page.
INVITED_ROLES = [(Role.FACILITATOR.value, "Facilitator"), (Role.VIEWER.value, "Viewer")]


class InviteForm(forms.Form):
    email = forms.EmailField(label="Colleague's e-mail address")
    role = forms.ChoiceField(
        choices=INVITED_ROLES,
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


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Name of the new token",
        max_length=100,
        help_text="What it is for, such as the script that uses it.",
    )
