"""Forms of the registry pages. They parse and check input; services do the writing."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from localflavor.pl.forms import PLPostalCodeField

from szansa.domain.accounts.enums import Role
from szansa.domain.accounts.models import Team
from szansa.domain.people import enums
from szansa.domain.people.access import changes_all
from szansa.domain.people.models import (
    PERSON_INPUT_FIELDS,
    Art7Reason,
    Consent,
    Household,
    IncomeRecord,
    Person,
    Situation,
)
from szansa.domain.people.validators import validate_postal_code
from szansa.lib.forms import DateInput


class PersonFilterForm(forms.Form):
    """The search box and filters of the person list: a POST (the search term stays out of the URL and
    so out of server logs), which the button sends without JS and HTMX as one types."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Part of the name or the beginning of PESEL."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.all(), required=False, empty_label=_("all teams")
    )
    situation = forms.ChoiceField(label=_("Situation in force today"), required=False)
    worker = forms.ChoiceField(
        label=_("Caseload"),
        required=False,
        choices=[("", _("everyone I can see")), ("me", _("my caseload"))],
    )

    def __init__(self, *args, show_health: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # HTMX: typing or choosing swaps only the results; without JS the button posts the form.
        htmx = {
            "hx-post": reverse("people:person_list"),
            "hx-target": "#results",
            "hx-include": "closest form",
            "hx-indicator": "#searching",
            "aria-controls": "results",
        }
        self.fields["q"].widget.attrs.update(htmx, **{"hx-trigger": "input changed delay:300ms, search"})
        for name in ("team", "situation", "worker"):
            self.fields[name].widget.attrs.update(htmx, **{"hx-trigger": "change"})
        kinds = [
            (value, label)
            for value, label in enums.SituationKind.choices
            if show_health or value != enums.SituationKind.DISABILITY
        ]
        self.fields["situation"].choices = [("", _("any"))] + kinds


class PersonForm(forms.ModelForm):
    """Create and edit a person. Birth date and sex may stay empty when PESEL gives them."""

    confirm_not_duplicate = forms.BooleanField(
        label=_("I have checked the candidates: this is a different person."), required=False
    )

    class Meta:
        model = Person
        fields = PERSON_INPUT_FIELDS
        widgets = {
            "birth_date": DateInput(),
            "pesel": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel"}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].required = False
        self.fields["birth_date"].help_text = _("May stay empty when PESEL is given.")
        self.fields["sex"].required = False
        self.fields["sex"].help_text = _("May stay empty when PESEL is given.")
        self.fields["postal_code"] = PLPostalCodeField(
            label=capfirst(Person._meta.get_field("postal_code").verbose_name),
            error_messages={"invalid": validate_postal_code.message},
            widget=forms.TextInput(attrs={"placeholder": "NN-NNN", "inputmode": "numeric"}),
        )
        workers = Q(is_active=True, groups__name=Role.SOCIAL_WORKER)
        if user is not None and user.has_role(Role.SOCIAL_WORKER) and not changes_all(user):
            # A social worker keeps the person in their own team (or they could no longer see it).
            workers &= Q(team_id=user.team_id)
        if self.instance.responsible_worker_id:
            workers |= Q(pk=self.instance.responsible_worker_id)
        self.fields["responsible_worker"].queryset = (
            get_user_model().objects.filter(workers).select_related("team").distinct()
        )
        self.fields["responsible_worker"].label_from_instance = lambda worker: (
            f"{worker} ({worker.team})" if worker.team_id else str(worker)
        )
        if not self.instance.pk and user is not None and user.has_role(Role.SOCIAL_WORKER):
            self.fields["responsible_worker"].initial = user.pk
        if self.instance.pk:
            del self.fields["confirm_not_duplicate"]
        for field in self.fields.values():
            # A browser cuts typed or pasted text at `maxlength` without a word; the field's own
            # length check refuses it with a message and keeps what was typed.
            field.widget.attrs.pop("maxlength", None)

    def clean(self):
        data = super().clean()
        if not data.get("pesel") and "pesel" not in self.errors:
            required = _("Required for a person without PESEL.")
            for name in ("birth_date", "sex", "other_id_type", "other_id_number"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, required)
        return data

    def person_data(self) -> dict:
        """The cleaned values that services.person_create / person_update take."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class MonthField(forms.CharField):
    """A month typed as YYYY-MM (or any date in it), kept as its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "RRRR-MM"})
    default_error_messages = {"invalid": _("Enter the month as YYYY-MM, e.g. 2025-03.")}

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return f"{value:%Y-%m}"
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        for pattern in ("%Y-%m", "%Y-%m-%d", "%m.%Y", "%d.%m.%Y"):
            try:
                return datetime.datetime.strptime(value.strip(), pattern).date().replace(day=1)
            except ValueError:
                continue
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class IncomeRecordForm(forms.ModelForm):
    month = MonthField(label=_("month"))

    class Meta:
        model = IncomeRecord
        fields = ["month", "source", "net_amount", "counts_as_income", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        amount = self.fields["net_amount"]
        amount.localize = True
        amount.widget = forms.TextInput(attrs={"inputmode": "decimal"})
        amount.widget.is_localized = True


# Which extra fields belong to which kind of situation; the others are cleared on save.
SITUATION_FIELDS = {
    enums.SituationKind.DISABILITY: ("disability_degree", "disability_causes", "certificate_valid_until"),
    enums.SituationKind.LABOUR_MARKET: ("labour_status",),
    enums.SituationKind.ASSISTANCE_REASON: ("assistance_reason",),
}
SITUATION_REQUIRED = {
    enums.SituationKind.DISABILITY: "disability_degree",
    enums.SituationKind.LABOUR_MARKET: "labour_status",
    enums.SituationKind.ASSISTANCE_REASON: "assistance_reason",
}


class SituationForm(forms.ModelForm):
    """A new situation. Without access to health data the disability fields are not offered."""

    class Meta:
        model = Situation
        fields = [
            "kind",
            "valid_from",
            "valid_to",
            "disability_degree",
            "disability_causes",
            "certificate_valid_until",
            "labour_status",
            "assistance_reason",
            "note",
        ]
        widgets = {
            "valid_from": DateInput(),
            "valid_to": DateInput(),
            "certificate_valid_until": DateInput(),
        }

    def __init__(self, *args, show_health: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assistance_reason"].queryset = Art7Reason.objects.filter(repealed=False)
        self.fields["disability_degree"].help_text = _("Only for a disability.")
        self.fields["disability_causes"] = forms.MultipleChoiceField(
            label=Situation._meta.get_field("disability_causes").verbose_name,
            choices=enums.DisabilityCause.choices,
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        self.fields["disability_causes"].help_text = _(
            "Only for a disability: the cause symbols on the certificate (e.g. 01-U intellectual); two or "
            "more make multiple disabilities."
        )
        self.fields["labour_status"].help_text = _("Only for a labour-market status.")
        self.fields["assistance_reason"].help_text = _("Only for a reason for assistance.")
        if not show_health:
            self.fields["kind"].choices = [
                choice
                for choice in self.fields["kind"].choices
                if choice[0] != enums.SituationKind.DISABILITY
            ]
            del self.fields["disability_degree"]
            del self.fields["disability_causes"]
            del self.fields["certificate_valid_until"]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        for other_kind, names in SITUATION_FIELDS.items():
            if other_kind != kind:
                for name in names:
                    if name in data:
                        if name == "disability_causes":
                            data[name] = []
                        else:
                            data[name] = (
                                None if name in ("certificate_valid_until", "assistance_reason") else ""
                            )
        needed = SITUATION_REQUIRED.get(kind)
        if needed and needed in self.fields and not data.get(needed) and needed not in self.errors:
            self.add_error(needed, _("This field is required for this kind of situation."))
        return data


class EndSituationForm(forms.Form):
    valid_to = forms.DateField(label=_("ended on"), widget=DateInput(), initial=datetime.date.today)


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["kind", "given_on", "note"]
        widgets = {"given_on": DateInput()}


class WithdrawConsentForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("withdrawn on"), widget=DateInput(), initial=datetime.date.today)


class AssessmentDateForm(forms.Form):
    on = forms.DateField(label=_("Assessment on"), required=False, widget=DateInput())


class IncomeMonthForm(forms.Form):
    month = MonthField(label=_("Income for the month"), required=False)


class HouseholdForm(forms.ModelForm):
    class Meta:
        model = Household
        fields = ["multi_problem_family", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


def _candidate_label(person: Person) -> str:
    return f"{person.full_name}, {person.pesel or f'{person.birth_date:%d.%m.%Y}'}"


class AddMemberForm(forms.Form):
    """Find a person (PESEL or name) among those the user may see, then pick one and the relation."""

    q = forms.CharField(
        label=_("PESEL or name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    person = forms.TypedChoiceField(label=_("Person"), coerce=int, required=False, widget=forms.RadioSelect)
    relation = forms.ChoiceField(label=_("relation to the head of household"))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        self.fields["person"].choices = [(p.pk, _candidate_label(p)) for p in self.candidates]
        self.fields["relation"].choices = [
            choice for choice in enums.HouseholdRelation.choices if choice[0] != enums.HouseholdRelation.HEAD
        ]

    def clean(self):
        data = super().clean()
        if "person" in self.errors:
            return data
        if data.get("person"):
            data["person"] = next(p for p in self.candidates if p.pk == data["person"])
        elif len(self.candidates) == 1 and data.get("q"):
            data["person"] = self.candidates[0]
        elif not self.candidates:
            self.add_error("q", _("Nobody you can see without a household matches this."))
        else:
            self.add_error("person", _("Choose one of the people found."))
        return data


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 5}))
