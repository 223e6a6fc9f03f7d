"""Forms for mapping an organization; uniqueness inside the organization is checked here so the
user reads a sentence instead of meeting a database error."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import slugify

from parity.web.names import refuse_control_characters
from parity.web.orgs import services
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
            raise forms.ValidationError(f'There is already a party called "{name}".')
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


class RelationshipForm(forms.ModelForm[Relationship]):
    class Meta:
        model = Relationship
        fields = ["party_a", "party_b", "label", "scope"]
        labels = {"party_a": "First party", "party_b": "Second party"}

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("party_a", "party_b"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = tenant.active_parties()
        self._tenant = tenant

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
        label="What the file holds",
        choices=[
            (RELATIONSHIPS, "Relationships: party_a, party_b, label, scope"),
            (PARTIES, "Parties: name, kind, function (and an optional description)"),
        ],
        widget=forms.RadioSelect,
        initial=RELATIONSHIPS,
    )
    file = forms.FileField(label="CSV file (UTF-8, comma or semicolon separated)")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 2 MB; is it the right one?")
        return upload
