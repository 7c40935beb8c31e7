"""Forms of internships and outcomes. They only parse input; the rules (hours, stipend, evidence, windows)
are in szansa.domain.support.internships and szansa.domain.support.outcomes, whose refusals the forms
show next to the fields they name (`add_service_error`)."""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from szansa.domain.support import enums
from szansa.domain.support.internships.selectors import internship_months
from szansa.lib.forms import DateInput, add_service_error

HOURS_ATTRS = {"step": "0.5", "min": "0", "inputmode": "decimal"}


class ServiceErrorsMixin:
    def add_service_error(self, error: ValidationError) -> None:
        add_service_error(self, error)


class InternshipForm(ServiceErrorsMixin, forms.Form):
    activity = forms.ModelChoiceField(label=_("Internship programme"), queryset=None)
    employer = forms.CharField(label=_("Employer"), max_length=255)
    employer_nip = forms.CharField(label=_("Employer's NIP"), max_length=20, required=False)
    mentor = forms.CharField(
        label=_("Mentor"), max_length=255, help_text=_("The employer's internship mentor.")
    )
    position = forms.CharField(label=_("Position"), max_length=255, required=False)
    agreement_number = forms.CharField(label=_("Agreement number"), max_length=60, required=False)
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), widget=DateInput())
    hours_per_month = forms.IntegerField(
        label=_("Hours a month"),
        min_value=1,
        initial=160,
        help_text=_("At most the hours of a full month (160): 8 hours a day, 40 a week."),
    )

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities


class InternshipMonthForm(ServiceErrorsMixin, forms.Form):
    month = forms.ChoiceField(label=_("Month"))
    hours_scheduled = forms.DecimalField(
        label=_("Hours scheduled"),
        max_digits=5,
        decimal_places=1,
        min_value=Decimal("0"),
        widget=forms.NumberInput(attrs=HOURS_ATTRS),
    )
    hours_excused = forms.DecimalField(
        label=_("Hours of excused absence"),
        max_digits=5,
        decimal_places=1,
        min_value=Decimal("0"),
        required=False,
        initial=Decimal("0"),
        help_text=_("Sick leave with a certificate, days off granted: does not reduce the stipend."),
        widget=forms.NumberInput(attrs=HOURS_ATTRS),
    )
    hours_unexcused = forms.DecimalField(
        label=_("Hours of unexcused absence"),
        max_digits=5,
        decimal_places=1,
        min_value=Decimal("0"),
        required=False,
        initial=Decimal("0"),
        help_text=_("Reduces the stipend in proportion."),
        widget=forms.NumberInput(attrs=HOURS_ATTRS),
    )

    def __init__(self, *args, internship, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(f"{m:%Y-%m}", f"{m:%m.%Y}") for m in internship_months(internship)]

    def clean_month(self) -> datetime.date:
        return datetime.datetime.strptime(self.cleaned_data["month"], "%Y-%m").date()


class OutcomeForm(ServiceErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Outcome"), choices=enums.OutcomeKind.choices)
    achieved_on = forms.DateField(label=_("Achieved on"), widget=DateInput())
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=255,
        help_text=_("The document that proves it, e.g. a copy of the contract."),
    )
    contract_type = forms.ChoiceField(
        label=_("Form of employment"),
        choices=[("", "—"), *enums.ContractType.choices],
        required=False,
        help_text=_("Only for employment or self-employment."),
    )
    contract_months = forms.IntegerField(label=_("For how many months"), min_value=1, required=False)
    fte = forms.DecimalField(
        label=_("Working time (FTE)"),
        max_digits=3,
        decimal_places=2,
        required=False,
        help_text=_("For an employment contract, e.g. 0.5 for half time."),
    )
    confirmed_by = forms.CharField(
        label=_("Confirmed by"),
        max_length=255,
        required=False,
        help_text=_("For progress in social activation: the specialist who confirms it."),
    )
    progress_form = forms.ChoiceField(
        label=_("Form of social progress"),
        choices=[
            ("", "—"),
            *(c for c in enums.SocialProgressForm.choices if c[0] != enums.SocialProgressForm.EDUCATION),
        ],
        required=False,
        help_text=_(
            "For progress in social activation. Starting education is recorded as the outcome "
            '"in education or training"; it counts as social progress by itself.'
        ),
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)
