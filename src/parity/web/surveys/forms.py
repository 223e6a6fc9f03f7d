"""Forms of the survey journeys: a round and its dates, invitations per side, a survey page."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from parity.core.instrument import Instrument
from parity.core.schema import LEVEL, LOCATION, ROLE, TENURE
from parity.core.segments import TENURE_WORDS
from parity.web.names import refuse_control_characters
from parity.web.orgs.forms import PICK_BY_NAME_FROM
from parity.web.orgs.models import Relationship
from parity.web.orgs.tenancy import Tenant
from parity.web.surveys import services
from parity.web.surveys.answering import MAX_TEXT_LENGTH, SurveyPage
from parity.web.surveys.attributes import (
    NAMES,
    PREFER_NOT_TO_SAY,
    QUESTIONS,
    WRITTEN,
    Asked,
    choice_labels,
)
from parity.web.surveys.models import Round, instrument_choices, instrument_for_new_round
from parity.web.surveys.rounds import MAX_BATCH, AddressError, Side, checked_addresses

_MOMENT = "%Y-%m-%dT%H:%M"


def _moment_input() -> forms.DateTimeInput:
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=_MOMENT)


CLOSED_IS_FINAL = gettext_lazy(
    "This round has closed: its answers are final and its dates can no longer change. "
    "Open a new round to ask again."
)


def has_closed(round_: Round) -> bool:
    """The round's stored closing moment has passed (whatever the form was sent)."""
    stored = Round.objects.filter(pk=round_.pk).values_list("closes_at", flat=True).first()
    return stored is not None and stored <= timezone.now()


class RoundDatesForm(forms.ModelForm[Round]):
    """When a round opens and closes, and its language; used to change an existing round's too
    (until it closes)."""

    class Meta:
        model = Round
        fields = ["opens_at", "closes_at", "language"]
        labels = {
            "opens_at": gettext_lazy("Opens"),
            "closes_at": gettext_lazy("Closes"),
            "language": gettext_lazy("Language of the e-mails and the survey"),
        }
        help_texts = {
            "language": gettext_lazy(
                "Invitations and reminders are written in it; the survey starts in it when a "
                "respondent's browser asks for no language Parity has, and respondents can "
                "switch."
            )
        }
        widgets = {"opens_at": _moment_input(), "closes_at": _moment_input()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone = timezone.get_current_timezone_name()
        for name in ("opens_at", "closes_at"):
            self.fields[name].help_text = gettext("Date and time (%(zone)s).") % {"zone": zone}
        # Not sent (an older page, a script): the round keeps its language, a new one English.
        self.fields["language"].required = False

    def clean_language(self) -> str:
        return str(self.cleaned_data.get("language") or self.instance.language)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk is not None and has_closed(self.instance):
            # Reopening would let new answers move results people have already read.
            raise forms.ValidationError(CLOSED_IS_FINAL)
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", gettext("The round must close after it opens."))
        return data


#: What tells the instruments apart, where the facilitator chooses (docs/instrument.md).
INSTRUMENT_HELP = gettext_lazy(
    "TPI-2 asks one idea per statement, compares the two sides where TPI-1 asked about "
    "“equal” footing, and adds communication, shared knowledge, respect, shared risk and "
    "reward, and governance. Its scores compare with TPI-1's construct by construct. A new "
    "round asks what the organization's last round asked."
)


def _attribute_field(attribute: str) -> forms.CharField:
    return forms.CharField(
        label=format_lazy(
            gettext_lazy("{name}: the choices to ask"), name=gettext_lazy(NAMES[attribute])
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text=gettext_lazy("One choice per line (at least two), or leave empty not to ask it."),
    )


def attributes_help(threshold: int) -> str:
    """What the new-round page says of the attributes, above their fields."""
    return gettext(
        "Ask each respondent their role, level, location or years in the organization, to see "
        "where a side's members disagree. Each is a list of choices with “%(prefer)s”, never "
        "free text. A group is shown only when it and the rest of its side each have at least "
        "%(threshold)s respondents (the score threshold). Fixed once the round opens."
    ) % {"prefer": gettext(PREFER_NOT_TO_SAY), "threshold": threshold}


def _attribute_choices(data: dict[str, Any]) -> dict[str, list[str]]:
    """The form's attribute fields as :func:`asked_attributes` takes them."""
    given = {a: str(data.get(f"ask_{a}") or "").splitlines() for a in WRITTEN}
    return given | ({TENURE: []} if data.get(f"ask_{TENURE}") else {})


class RoundForm(RoundDatesForm):
    """A new round: a name, its dates, which of the organization's relationships it asks, and
    the respondent attributes it asks (:attr:`asked` once valid)."""

    relationships = forms.ModelMultipleChoiceField(
        queryset=Relationship.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Relationships to assess"),
        # The rule (at least one, none archived) is the use case's: services.check_round.
        required=False,
    )
    ask_role = _attribute_field(ROLE)
    ask_level = _attribute_field(LEVEL)
    ask_location = _attribute_field(LOCATION)
    ask_tenure = forms.BooleanField(
        label=", ".join(TENURE_WORDS.values()),  # said in the page's language by __init__
        required=False,
    )

    class Meta(RoundDatesForm.Meta):
        fields = ["name", "opens_at", "closes_at", "language", "instrument", "relationships"]
        labels = {
            **RoundDatesForm.Meta.labels,
            "name": gettext_lazy("Name of the round"),
            "instrument": gettext_lazy("Survey"),
        }

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        #: The round to open, once the form is valid (:func:`services.check_round`).
        self.plan: services.RoundPlan | None = None
        field = self.fields["relationships"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = tenant.active_relationships()
        #: On a large map the relationships are chosen by the names of their parties
        #: (:func:`_chosen_by_name`), not ticked one by one in a list of thousands.
        self.by_name = tenant.active_relationships().count() >= PICK_BY_NAME_FROM
        if self.by_name:
            del self.fields["relationships"]
            self.fields["which"] = forms.ChoiceField(
                label=gettext("Relationships to assess"),
                choices=WHICH_RELATIONSHIPS,
                initial=WITH_NAMES,
                widget=forms.RadioSelect,
            )
            self.fields["with_names"] = forms.CharField(
                label=gettext("Parties named (for the second choice)"),
                required=False,
                max_length=2000,
                help_text=gettext(
                    "Part of a party's name; several separated by commas, as in “IT, Finance”."
                ),
            )
        self.fields["ask_tenure"].label = gettext("Ask years in the organization (%(bands)s)") % {
            "bands": ", ".join(str(words).lower() for words in _TENURE_CHOICES.values())
        }
        #: Said once above the attribute fields (the page groups them).
        self.attributes_help = attributes_help(int(tenant.organization.score_threshold))
        if len(instrument_choices()) == 1:
            # Nothing to choose: the one shipped instrument, the model's default.
            del self.fields["instrument"]
        else:
            self.fields["instrument"].help_text = INSTRUMENT_HELP
            self.fields["instrument"].required = False
            self.initial["instrument"] = instrument_for_new_round(tenant.organization)
        if not self.is_bound:
            now = timezone.localtime().replace(second=0, microsecond=0)
            # A new Round already puts None in the initial values: replace it, not only add.
            if self.initial.get("opens_at") is None:
                self.initial["opens_at"] = now
            if self.initial.get("closes_at") is None:
                self.initial["closes_at"] = now + timedelta(days=14)

    def clean_name(self) -> str:
        return refuse_control_characters(str(self.cleaned_data["name"]), "round's name")

    def clean_instrument(self) -> str:
        """The chosen instrument, or the one a new round asks when none was chosen."""
        chosen = self.cleaned_data.get("instrument")
        return str(chosen or self.initial["instrument"])

    def clean(self) -> dict[str, Any]:
        """The use case's rules (:func:`services.check_round`), each refusal said beside its
        field; the dates' order is also the model's constraint, said once by it."""
        data = super().clean()
        if any(data.get(f) is None for f in ("name", "opens_at", "closes_at")):
            return data
        try:
            self.plan = services.check_round(
                self.tenant,
                data["name"],
                data["opens_at"],
                data["closes_at"],
                self._chosen(data),
                data.get("instrument"),
                _attribute_choices(data),
                data.get("language"),
            )
        except services.RoundError as error:
            if error.field != "closes_at":
                named = self.by_name and error.field == "relationships"
                field = "with_names" if named else error.field
                self.add_error(field if field in self.fields else None, str(error))
        return data

    def _chosen(self, data: dict[str, Any]) -> list[int]:
        """The ids of the relationships the facilitator chose, ticked or by name."""
        if not self.by_name:
            return [relationship.pk for relationship in data.get("relationships") or []]
        everything = self.tenant.active_relationships()
        if data.get("which") == EVERY_RELATIONSHIP:
            return list(everything.values_list("pk", flat=True))
        return _chosen_by_name(everything, str(data.get("with_names") or ""))


EVERY_RELATIONSHIP, WITH_NAMES = "every", "named"
WHICH_RELATIONSHIPS = [
    (EVERY_RELATIONSHIP, gettext_lazy("Every relationship on the map")),
    (WITH_NAMES, gettext_lazy("The relationships of the parties named below")),
]


def _chosen_by_name(relationships: QuerySet[Relationship], written: str) -> list[int]:
    """The relationships with a party whose name contains one of the comma-separated parts of
    ``written`` (none when nothing is written: the use case then says to choose one)."""
    wanted = Q()
    for part in (p.strip() for p in written.split(",")):
        if part:
            wanted |= Q(party_a__name__icontains=part) | Q(party_b__name__icontains=part)
    if not wanted:
        return []
    return list(relationships.filter(wanted).values_list("pk", flat=True))


def _side_field(sides: list[Side]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=gettext("Who answers"),
        choices=[("", gettext("Choose a side"))]
        + [(s.key, f"{s} ({s.relationship})") for s in sides],
        error_messages={"required": gettext("Choose whose members answer.")},
    )


_SEPARATORS = re.compile(r"[\s,;]+")


class EmailInvitationsForm(forms.Form):
    """A list of addresses; each gets its own single-use link by e-mail."""

    emails = forms.CharField(
        label=gettext_lazy("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off"}),
        help_text=gettext_lazy(
            "One per line (commas or spaces work too). Each person gets their own link."
        ),
    )

    prefix = "mail"

    def __init__(self, *args: Any, sides: list[Side], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"side": _side_field(sides), **self.fields}

    def clean_emails(self) -> list[str]:
        typed = [a for a in _SEPARATORS.split(str(self.cleaned_data["emails"])) if a]
        try:
            found = checked_addresses(typed)
        except AddressError as error:
            raise ValidationError(str(error)) from None
        if not found:
            raise ValidationError(gettext("Enter at least one e-mail address."))
        return found


class CodeBatchForm(forms.Form):
    """A number of anonymous codes, printed once on a sheet to hand out."""

    count = forms.IntegerField(
        label=gettext_lazy("How many codes"),
        min_value=1,
        max_value=MAX_BATCH,
        initial=10,
        help_text=gettext_lazy("One per person who should answer; print the sheet and cut it up."),
    )

    prefix = "codes"

    def __init__(self, *args: Any, sides: list[Side], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"side": _side_field(sides), **self.fields}


class SurveyPageForm(forms.Form):
    """The answers on one page. A skipped item is empty; anything off the instrument's scale is
    refused by name. The last page asks the round's attributes (``asked``): a choice among the
    facilitator's, or “Prefer not to say” (empty). Its words are in the page's language; the
    items' come in that language with ``page`` (:func:`.answering.survey_pages`)."""

    def __init__(
        self,
        *args: Any,
        page: SurveyPage,
        other: str,
        instrument: Instrument,
        asked: Asked | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        low, high = instrument.scale_min, instrument.scale_max
        points = [(str(v), str(v)) for v in range(low, high + 1)]
        for item in page.items:
            self.fields[item.id.lower()] = forms.TypedChoiceField(
                label=item.wording(other),
                choices=[("", gettext("No answer")), *points],
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={
                    "invalid_choice": gettext(
                        "%(item)s (“%(wording)s”): choose a number from %(low)d to %(high)d, "
                        "or “No answer”."
                    )
                    % {"item": item.id, "wording": item.wording(other), "low": low, "high": high},
                },
            )
        for question in page.questions:
            self.fields[question.id] = forms.CharField(
                label=question.wording(other),
                required=False,
                max_length=MAX_TEXT_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={
                    "max_length": gettext(
                        "%(question)s Please keep the answer under %(limit)s characters."
                    )
                    % {
                        "question": question.wording(other),
                        "limit": number_format(MAX_TEXT_LENGTH),
                    },
                },
            )
        for attribute, choices in page.attributes(asked or {}).items():
            self.fields[attribute] = _attribute_question(attribute, choices)


#: Tenure's bands as the survey offers them, in the respondent's language (the engine's own
#: words for them are :data:`parity.core.segments.TENURE_WORDS`).
_TENURE_CHOICES = {
    "<1": gettext_lazy("Under 1 year"),
    "1-3": gettext_lazy("1–3 years"),
    "3-10": gettext_lazy("3–10 years"),
    "10+": gettext_lazy("10 years or more"),
}


def _attribute_question(attribute: str, choices: list[str] | Any) -> forms.ChoiceField:
    """An attribute as the survey asks it: its question and the round's choices (written by
    the facilitator, so shown as written; tenure's bands in the page's language), with
    “Prefer not to say”, the empty answer."""
    question, prefer_not = gettext(QUESTIONS[attribute]), gettext(PREFER_NOT_TO_SAY)
    offered = [
        (value, _TENURE_CHOICES.get(value, label) if attribute == TENURE else label)
        for value, label in choice_labels(attribute, choices)
    ]
    return forms.ChoiceField(
        label=question,
        choices=[("", prefer_not), *offered],
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": gettext(
                "%(question)s Choose one of the answers offered, or “%(prefer_not)s”."
            )
            % {"question": question, "prefer_not": prefer_not},
        },
    )
