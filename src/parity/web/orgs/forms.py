"""Forms for mapping an organization; uniqueness inside the organization is checked here so the
user reads a sentence instead of meeting a database error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_lazy

from parity.web.names import USUAL_LABELS, clean_label, label_problem, refuse_control_characters
from parity.web.orgs import services
from parity.web.orgs.importing import Existing
from parity.web.orgs.models import Organization, Party, Relationship
from parity.web.orgs.tenancy import Tenant

#: Larger uploads are refused before they are read: a relationship map is a few kilobytes.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class OrganizationForm(forms.ModelForm[Organization]):
    class Meta:
        model = Organization
        fields = ["name", "score_threshold", "text_threshold"]

    def clean_name(self) -> str:
        return refuse_control_characters(str(self.cleaned_data["name"]), "organization's name")


#: Slugs that would clash with the pages under /orgs/.
_RESERVED_SLUGS = frozenset({"new"})


def unique_slug(name: str) -> str:
    """A URL name for a new organization: its name, with a number added if already taken."""
    base = slugify(name)[:50] or "organization"
    slug, number = base, 1
    while slug in _RESERVED_SLUGS or Organization.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


class PartyForm(forms.ModelForm[Party]):
    class Meta:
        model = Party
        fields = ["name", "kind", "function", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tenant = tenant

    def clean_name(self) -> str:
        name = refuse_control_characters(str(self.cleaned_data["name"]), "party's name").strip()
        if services.name_taken(self._tenant, name, self.instance.pk):
            raise forms.ValidationError(
                gettext('There is already a party called "%(name)s".') % {"name": name}
            )
        return name

    def save(self, commit: bool = True) -> Party:
        """Through the use case the API calls too (:func:`services.save_party`)."""
        data = self.cleaned_data
        return services.save_party(
            self._tenant,
            self.instance,
            name=data["name"],
            kind=data["kind"],
            function=data["function"],
            description=data.get("description") or "",
        )


#: From this many parties on, a party is chosen by typing its name (with suggestions) rather
#: than from a list: a list of thousands is slow to send and to scroll.
PICK_BY_NAME_FROM = 200


def party_by_name(tenant: Tenant, label: str) -> forms.ModelChoiceField[Party]:
    """A party of ``tenant``'s map chosen by its exact name, typed into a box that suggests
    names as one types (``parity/party-picker.js`` and :func:`.views.party_names`)."""
    return forms.ModelChoiceField(
        queryset=tenant.active_parties(),
        to_field_name="name",
        label=label,
        widget=forms.TextInput(
            attrs={"list": "party-names", "autocomplete": "off", "class": "party-picker"}
        ),
        help_text=gettext_lazy(
            "Type a few letters of its name and choose it from the suggestions."
        ),
        error_messages={
            "invalid_choice": gettext_lazy(
                "No party on the map is called “%(value)s”: check the name (it must be exact), "
                "or add the party first."
            ),
        },
    )


class RelationshipForm(forms.ModelForm[Relationship]):
    class Meta:
        model = Relationship
        fields = ["party_a", "party_b", "label", "scope"]
        labels = {"party_a": gettext_lazy("First party"), "party_b": gettext_lazy("Second party")}
        widgets = {"label": forms.TextInput(attrs={"list": "usual-labels", "placeholder": "none"})}
        help_texts = {
            "label": gettext_lazy(
                'In the organization\'s own words: "partner", "supplier", "strategic '
                'alliance"… A label containing "partner" declares a partnership.'
            )
        }

    #: Suggested in the label box; any other label is welcome (web/names.py).
    usual_labels = USUAL_LABELS

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: Whether the parties are typed by name (:data:`PICK_BY_NAME_FROM`).
        self.by_name = tenant.active_parties().count() >= PICK_BY_NAME_FROM
        for name in ("party_a", "party_b"):
            if self.by_name:
                self.fields[name] = party_by_name(tenant, str(self.fields[name].label))
                if self.instance.pk is not None:
                    self.initial[name] = getattr(self.instance, name).name
                continue
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = tenant.active_parties()
        self._tenant = tenant
        self.fields["label"].required = False  # empty is "none"
        if self.instance._state.adding:
            self.initial["label"] = ""

    def clean_label(self) -> str:
        label = str(self.cleaned_data.get("label") or "")
        if (problem := label_problem(label)) is not None:
            raise forms.ValidationError(problem)
        return clean_label(label)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refusal = services.pair_refusal(
            self._tenant, self.instance, data.get("party_a"), data.get("party_b")
        )
        if refusal:
            raise forms.ValidationError(refusal)
        return data

    def save(self, commit: bool = True) -> Relationship:
        """Through the use case the API calls too (:func:`services.save_relationship`)."""
        data = self.cleaned_data
        return services.save_relationship(
            self._tenant,
            self.instance,
            party_a=data["party_a"],
            party_b=data["party_b"],
            label=data["label"],
            scope=data["scope"],
        )


class ImportForm(forms.Form):
    RELATIONSHIPS = "relationships"
    PARTIES = "parties"
    kind = forms.ChoiceField(
        label=gettext_lazy("What the file holds"),
        choices=[
            (RELATIONSHIPS, gettext_lazy("Relationships: party_a, party_b, label, scope")),
            (
                PARTIES,
                gettext_lazy("Parties: name, kind, function (and an optional description)"),
            ),
        ],
        widget=forms.RadioSelect,
        initial=RELATIONSHIPS,
    )
    file = forms.FileField(label=gettext_lazy("CSV file (UTF-8, comma or semicolon separated)"))
    existing = forms.ChoiceField(
        label=gettext_lazy("Rows the organization already has"),
        choices=[
            (Existing.REFUSE, gettext_lazy("List them as problems and import nothing")),
            (Existing.SKIP, gettext_lazy("Skip them: keep what the organization has")),
            (
                Existing.UPDATE,
                gettext_lazy(
                    "Update them from the file (label and scope; kind, function and "
                    "description of a party)"
                ),
            ),
        ],
        widget=forms.RadioSelect,
        initial=Existing.SKIP,
        required=False,
        help_text=gettext_lazy(
            "Importing the same spreadsheet again after editing it: choose update."
        ),
    )
    ignore_unknown = forms.BooleanField(
        label=gettext_lazy("Ignore columns Parity does not know (a notes column, say)"),
        required=False,
    )

    def clean_existing(self) -> Existing:
        return Existing(self.cleaned_data.get("existing") or Existing.SKIP)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                gettext("The file is larger than 2 MB; is it the right one?")
            )
        return upload
