from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm, UsernameField
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy

from parity.web.orgs.models import Role

#: Colleagues are invited as facilitators or viewers; an owner makes another owner on the
#: members page.
INVITED_ROLES = [
    (Role.FACILITATOR.value, Role.FACILITATOR.label),
    (Role.VIEWER.value, Role.VIEWER.label),
]


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Colleague's e-mail address"))
    role = forms.ChoiceField(
        choices=INVITED_ROLES,
        initial=Role.VIEWER,
        widget=forms.RadioSelect,
        label=gettext_lazy("Role"),
        help_text=gettext_lazy("Facilitators map, invite and run rounds; viewers read."),
    )


class SignUpForm(UserCreationForm[User]):
    """A new account for someone who accepts an invitation without one yet."""

    class Meta:
        model = User
        fields = ("username",)
        field_classes = {"username": UsernameField}


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name of the new token"),
        max_length=100,
        help_text=gettext_lazy("What it is for, such as the script that uses it."),
    )
