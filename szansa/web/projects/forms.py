"""Forms of the project pages. They parse and check input; services do the writing."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from szansa.domain.people.validators import validate_nip
from szansa.domain.projects import enums
from szansa.domain.projects.models import (
    BudgetLine,
    BudgetTask,
    Call,
    FundingApplication,
    IndicatorDefinition,
    PaymentClaim,
    Project,
    ProjectIndicator,
    ProjectStaff,
    TargetGroup,
)
from szansa.lib.forms import DateInput

MONEY_ATTRS = {"step": "0.01", "min": "0", "inputmode": "decimal"}


def _dates(*names):
    return {name: DateInput() for name in names}


def _money(*names):
    return {name: forms.NumberInput(attrs=MONEY_ATTRS) for name in names}


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "number",
            "title",
            "beneficiary",
            "beneficiary_nip",
            "beneficiary_regon",
            "partners",
            "measure",
            "application",
            "goal",
            "start",
            "end",
            "total_value",
            "eligible_costs",
            "cofinancing",
            "own_contribution",
            "eu_share",
            "state_budget_share",
            "participant_limit",
            "documents_kept_until",
            "public_aid_granted_on",
            "notes",
        ]
        widgets = {
            **_dates("start", "end", "documents_kept_until", "public_aid_granted_on"),
            **_money(
                "total_value",
                "eligible_costs",
                "cofinancing",
                "own_contribution",
                "eu_share",
                "state_budget_share",
            ),
            "partners": forms.Textarea(attrs={"rows": 2}),
            "goal": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = self.fields["measure"].queryset.select_related("programme")
        # Only applications that have no project yet (or this project's own).
        applications = FundingApplication.objects.select_related("call").filter(project__isnull=True)
        if self.instance.application_id:
            applications = applications | FundingApplication.objects.filter(pk=self.instance.application_id)
        self.fields["application"].queryset = applications


class BudgetTaskForm(forms.ModelForm):
    class Meta:
        model = BudgetTask
        fields = ["number", "name"]


class BudgetLineForm(forms.ModelForm):
    """A direct-cost line; the amount is quantity × unit price (the service computes it)."""

    class Meta:
        model = BudgetLine
        fields = ["task", "category", "name", "unit", "quantity", "unit_price"]
        widgets = {**_money("unit_price"), "quantity": forms.NumberInput(attrs={"step": "0.01", "min": "0"})}

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = BudgetTask.objects.filter(project=project)
        self.fields["category"].choices = [
            choice for choice in self.fields["category"].choices if choice[0] != enums.CostCategory.INDIRECT
        ]


class ExpenditureForm(forms.Form):
    line = forms.ModelChoiceField(label=_("Budget line"), queryset=BudgetLine.objects.none())
    date = forms.DateField(label=_("Date"), widget=DateInput())
    document_number = forms.CharField(label=_("Document number"), max_length=100)
    supplier = forms.CharField(label=_("Supplier"), max_length=255)
    supplier_nip = forms.CharField(
        label=_("Supplier's NIP"), max_length=20, required=False, validators=[validate_nip]
    )
    amount = forms.DecimalField(
        label=_("Amount (zł)"),
        max_digits=12,
        decimal_places=2,
        min_value=0.01,
        widget=forms.NumberInput(attrs={**MONEY_ATTRS, "min": "0.01"}),
    )
    description = forms.CharField(label=_("Description"), max_length=255, required=False)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = (
            BudgetLine.objects.filter(task__project=project, kind=enums.LineKind.DIRECT)
            .select_related("task")
            .order_by("task__number", "pk")
        )
        self.fields["line"].label_from_instance = lambda line: f"{line.task.number}. {line.name}"

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > datetime.date.today():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future")
        return day


class BudgetShiftForm(forms.Form):
    from_line = forms.ModelChoiceField(label=_("From line"), queryset=BudgetLine.objects.none())
    to_line = forms.ModelChoiceField(label=_("To line"), queryset=BudgetLine.objects.none())
    amount = forms.DecimalField(
        label=_("Amount (zł)"),
        max_digits=12,
        decimal_places=2,
        min_value=0.01,
        widget=forms.NumberInput(attrs={**MONEY_ATTRS, "min": "0.01"}),
    )
    justification = forms.CharField(label=_("Justification"), widget=forms.Textarea(attrs={"rows": 3}))
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=datetime.date.today)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        lines = (
            BudgetLine.objects.filter(task__project=project, kind=enums.LineKind.DIRECT)
            .select_related("task")
            .order_by("task__number", "pk")
        )
        for name in ("from_line", "to_line"):
            self.fields[name].queryset = lines
            self.fields[name].label_from_instance = lambda line: f"{line.task.number}. {line.name}"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from_line") and cleaned.get("from_line") == cleaned.get("to_line"):
            self.add_error("to_line", _("A shift needs two different lines."))
        return cleaned


class PaymentClaimForm(forms.ModelForm):
    class Meta:
        model = PaymentClaim
        fields = ["number", "period_from", "period_to", "amount_claimed", "notes"]
        widgets = {
            **_dates("period_from", "period_to"),
            **_money("amount_claimed"),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class ClaimTransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=datetime.date.today)
    approved_amount = forms.DecimalField(
        label=_("Approved amount (zł)"),
        required=False,
        max_digits=12,
        decimal_places=2,
        min_value=0,
        help_text=_("Only when approving; empty means the whole amount claimed."),
        widget=forms.NumberInput(attrs=MONEY_ATTRS),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = choices


class TargetGroupForm(forms.ModelForm):
    class Meta:
        model = TargetGroup
        fields = [
            "year",
            "name",
            "description",
            "planned_total",
            "planned_women",
            "planned_men",
            "eligibility_notes",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "eligibility_notes": forms.Textarea(attrs={"rows": 3}),
        }


class ProjectIndicatorForm(forms.ModelForm):
    class Meta:
        model = ProjectIndicator
        fields = ["definition", "baseline", "target", "target_women", "target_men"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["definition"].queryset = IndicatorDefinition.objects.all()
        self.fields["definition"].label_from_instance = lambda d: (
            f"{d.code} {d.name_pl} ({d.get_kind_display()})"
        )


class ProjectStaffForm(forms.ModelForm):
    class Meta:
        model = ProjectStaff
        fields = ["user", "role", "hours_per_month", "valid_from", "valid_to"]
        widgets = _dates("valid_from", "valid_to")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(is_active=True).order_by("last_name")


class CallForm(forms.ModelForm):
    class Meta:
        model = Call
        fields = [
            "number",
            "title",
            "body",
            "measure",
            "announced_on",
            "deadline",
            "funds_available",
            "applications_count",
            "cofinancing_rate_max",
            "eu_rate",
            "social_effectiveness_min",
            "employment_effectiveness_min",
            "severe_social_effectiveness_min",
            "severe_employment_effectiveness_min",
            "notes",
        ]
        widgets = {**_dates("announced_on", "deadline"), **_money("funds_available")}


class FundingApplicationForm(forms.ModelForm):
    class Meta:
        model = FundingApplication
        fields = [
            "title",
            "applicant",
            "requested_amount",
            "submitted_on",
            "score",
            "rank_position",
            "rank_of",
            "notes",
        ]
        widgets = {**_dates("submitted_on"), **_money("requested_amount")}


class ApplicationTransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(label=_("Date"), widget=DateInput(), initial=datetime.date.today)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, application: FundingApplication, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = enums.APPLICATION_TRANSITIONS[application.status]
        self.fields["to"].choices = [(s.value, s.label) for s in enums.ApplicationStatus if s in allowed]
