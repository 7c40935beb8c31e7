"""Forms of the sheltered-housing pages. They parse and check input; housing.services do the writing
and their refusals are shown next to the fields they concern (`add_error_by_code`)."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from szansa.domain.housing import enums
from szansa.domain.housing.models import (
    ExemptionGround,
    FeeDecision,
    FeeExemption,
    MonthlyStatement,
    Stay,
    SupportPlan,
    Visit,
)
from szansa.domain.people.models import Person
from szansa.domain.projects.models import TargetGroup
from szansa.domain.work.models import Decision
from szansa.lib.forms import DateInput, add_service_error
from szansa.lib.money import format_pln
from szansa.web.people.picker import PersonChoiceField

MONEY_ATTRS = {"step": "0.01", "min": "0.01", "inputmode": "decimal"}


def add_error_by_code(form: forms.Form, error: ValidationError, fields_by_code: dict, rename=None) -> None:
    """Put a service's refusal next to a field: a message without a field goes to the field its code
    names in `fields_by_code` (else above the form); `rename` maps model field names to form ones."""
    rename = rename or {}
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            name = rename.get(name, name)
            for item in errors:
                field = name if name in form.fields else fields_by_code.get(item.code)
                form.add_error(field, item)
        return
    for item in error.error_list:
        form.add_error(fields_by_code.get(item.code), item)


class StayReferForm(forms.ModelForm):
    """A referral decision: a resident gets a place (persons and places are limited by the view; the person
    is chosen with the picker, whose search offers the same people: housing.views.referable_persons)."""

    person = PersonChoiceField(
        label=capfirst(Stay._meta.get_field("person").verbose_name), queryset=Person.objects.none()
    )

    class Meta:
        model = Stay
        fields = [
            "person",
            "place",
            "referred_by",
            "decision_number",
            "decision_date",
            "planned_start",
            "planned_end",
            "indefinite",
            "target_group",
        ]
        widgets = {
            "decision_date": DateInput(),
            "planned_start": DateInput(),
            "planned_end": DateInput(),
        }

    def __init__(self, *args, user, persons, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["person"].queryset = persons
        self.fields["person"].set_source(("szansa.web.housing.views.referable_persons", {}))
        self.fields["place"].queryset = places.select_related("room__apartment")
        self.fields["target_group"].queryset = TargetGroup.objects.select_related("project")

    def clean_person(self):
        person = self.cleaned_data["person"]
        if not self.user.has_perm("housing.add_stay", person):
            raise ValidationError(_("You may not refer this person."), code="not_allowed")
        return person

    def add_service_error(self, error: ValidationError) -> None:
        add_error_by_code(self, error, {"place_taken": "place", "resident_has_stay": "person"})


class StayExtendForm(forms.Form):
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    decision_date = forms.DateField(label=_("Decision date"), widget=DateInput())
    new_planned_end = forms.DateField(label=_("New planned end"), widget=DateInput())

    def add_service_error(self, error: ValidationError) -> None:
        add_error_by_code(self, error, {"not_later": "new_planned_end", "place_taken": "new_planned_end"})


class StayEndForm(forms.Form):
    on = forms.DateField(label=_("Actual end (last day on the place)"), widget=DateInput())
    reason = forms.ChoiceField(label=_("End reason"), choices=enums.EndReason.choices)
    note = forms.CharField(label=_("Note on the end"), max_length=255, required=False)

    def add_service_error(self, error: ValidationError) -> None:
        add_error_by_code(
            self,
            error,
            {"period_ordered": "on", "place_taken": "on", "resident_has_stay": "on", "end_reason": "reason"},
            rename={"actual_end": "on", "end_reason": "reason", "end_note": "note"},
        )


class VisitForm(forms.ModelForm):
    class Meta:
        model = Visit
        fields = ["kind", "date", "duration_minutes", "notes"]
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    permission_field = "date"  # the service refuses a day on which the specialist did not serve

    def add_service_error(self, error: ValidationError) -> None:
        add_service_error(self, error, default_field="date")


class FeeDecisionForm(forms.ModelForm):
    """The fee set by the referral decision or by a decision changing it (art. 97 ust. 1)."""

    class Meta:
        model = FeeDecision
        fields = [
            "register_decision",
            "decision_number",
            "decision_date",
            "effective_from",
            "scope",
            "monthly_fee",
        ]
        widgets = {
            "decision_date": DateInput(),
            "effective_from": DateInput(),
            "monthly_fee": forms.NumberInput(attrs={**MONEY_ATTRS, "min": "0"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The issued decisions of the resident's cases; the number and date then come from the register.
        register = self.fields["register_decision"]
        register.queryset = (
            Decision.objects.filter(case__person_id=self.instance.stay.person_id, issued_on__isnull=False)
            .exclude(number="")
            .order_by("-issued_on", "-pk")
        )
        register.label_from_instance = lambda decision: (
            _("%(number)s of %(date)s")
            % {
                "number": decision.number,
                "date": date_format(decision.issued_on, "SHORT_DATE_FORMAT"),
            }
        )
        for name in ("decision_number", "decision_date"):
            self.fields[name].required = False
            self.fields[name].help_text = _(
                "Only when the decision is not in Szansa's register of decisions."
            )

    def clean(self):
        cleaned = super().clean()
        register = cleaned.get("register_decision")
        if register is not None:
            # Filled from the register (the service checks the decision and takes them again).
            cleaned["decision_number"] = register.number
            cleaned["decision_date"] = register.issued_on
            self.instance.decision_number = register.number
            self.instance.decision_date = register.issued_on
        else:
            for name in ("decision_number", "decision_date"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(
                        name,
                        _("Choose the decision from the register, or type its number and date."),
                    )
        return cleaned

    def add_service_error(self, error: ValidationError) -> None:
        add_service_error(self, error, default_field="effective_from")


class FeeExemptionForm(forms.ModelForm):
    """An exemption for a period on a ground of the council resolution's closed catalogue; the note only
    adds detail beside the ground."""

    class Meta:
        model = FeeExemption
        fields = ["ground", "valid_from", "valid_to", "decision_number", "reason"]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ground"].required = True
        self.fields["ground"].queryset = ExemptionGround.objects.filter(active=True)

    def add_service_error(self, error: ValidationError) -> None:
        add_service_error(self, error, default_field="valid_from")


class PaymentForm(forms.Form):
    statement = forms.ModelChoiceField(label=_("Month"), queryset=MonthlyStatement.objects.none())
    amount = forms.DecimalField(
        label=_("Amount (zł)"),
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        widget=forms.NumberInput(attrs=MONEY_ATTRS),
    )
    on = forms.DateField(label=_("Paid on"), widget=DateInput())

    def __init__(self, *args, stay: Stay, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["statement"]
        field.queryset = stay.statements.order_by("-month")
        field.label_from_instance = lambda statement: (
            _("%(month)s: due %(due)s, paid %(paid)s")
            % {
                "month": f"{statement.month:%m.%Y}",
                "due": format_pln(statement.fee_due),
                "paid": format_pln(statement.paid_amount),
            }
        )

    def add_service_error(self, error: ValidationError) -> None:
        add_service_error(self, error, default_field="amount")


class StatementsForm(forms.Form):
    until = forms.DateField(
        label=_("Up to the month of"),
        widget=DateInput(),
        help_text=_(
            "Statements are created or refreshed for every month of the stay up to this day's month."
        ),
    )

    def add_service_error(self, error: ValidationError) -> None:
        add_service_error(self, error, default_field="until")


class SupportPlanForm(forms.ModelForm):
    """The resident's plan toward independent living, with planned hours a month per kind of support."""

    class Meta:
        model = SupportPlan
        fields = ["drawn_up_on", "goals", "notes"]
        widgets = {"drawn_up_on": DateInput(), "goals": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = {}
        if self.instance.pk:
            current = {item.kind: item.hours_per_month for item in self.instance.items.all()}
        for kind, label in enums.SupportKind.choices:
            self.fields[f"hours_{kind}"] = forms.DecimalField(
                label=_("%(support)s: hours a month") % {"support": label},
                max_digits=6,
                decimal_places=1,
                min_value=Decimal("0"),
                required=False,
                initial=current.get(kind),
            )

    def hours(self) -> dict[str, Decimal]:
        return {
            kind: self.cleaned_data.get(f"hours_{kind}") or Decimal("0") for kind in enums.SupportKind.values
        }

    def add_service_error(self, error: ValidationError) -> None:
        add_service_error(self, error, default_field="goals")
