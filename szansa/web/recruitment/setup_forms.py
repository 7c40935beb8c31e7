"""Forms of the recruitment set-up (rounds, eligibility rules, scoring criteria, stipend rates) and of the
correction of participation dates. The rules are the domain's (models' clean, recruitment.setup,
recruitment.services); these forms only parse what was typed and keep it when a save is refused."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from szansa.domain.recruitment.models import Criterion, EligibilityRule, RecruitmentRound, ScoringCriterion
from szansa.domain.support.models import StipendRate
from szansa.lib.forms import DateInput, add_service_error

PARAMETERS_HELP = _(
    'JSON, e.g. {"gmina": "Olkusz"}, {"min": 18, "max": 64}, {"percent": 150}, {"min_degree": "moderate"}; '
    "empty when the criterion takes none."
)


class ServiceErrors:
    def add_service_error(self, error):
        add_service_error(self, error)


class ParametersField(forms.JSONField):
    """Parameters as JSON text; empty means none ({}), shown back compactly."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Parameters"))
        kwargs.setdefault("help_text", PARAMETERS_HELP)
        kwargs.setdefault("widget", forms.TextInput(attrs={"spellcheck": "false"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in (None, ""):
            return {}
        return super().to_python(value)

    def prepare_value(self, value):
        if value in (None, {}, ""):
            return ""
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, ensure_ascii=False)


def _criteria():
    return Criterion.objects.order_by("code")


class RoundForm(ServiceErrors, forms.ModelForm):
    class Meta:
        model = RecruitmentRound
        fields = ["name", "opens_on", "closes_on", "places"]
        widgets = {"opens_on": DateInput(), "closes_on": DateInput()}


class RuleForm(ServiceErrors, forms.ModelForm):
    class Meta:
        model = EligibilityRule
        fields = ["name", "mode", "position"]

    def add_service_error(self, error):
        # Errors of the criteria ("criteria") go above the form: the rows are the formset's.
        add_service_error(self, error)


class RuleCriterionForm(forms.Form):
    criterion = forms.ModelChoiceField(
        label=_("Criterion"), queryset=Criterion.objects.none(), required=False
    )
    parameters = ParametersField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = _criteria()


RuleCriteriaFormSet = forms.formset_factory(RuleCriterionForm, extra=2)


def criteria_rows(formset) -> list[dict]:
    """The filled rows of the criteria formset, in order."""
    return [
        {"criterion": form.cleaned_data["criterion"], "parameters": form.cleaned_data.get("parameters") or {}}
        for form in formset
        if form.cleaned_data.get("criterion")
    ]


class ScoringForm(ServiceErrors, forms.ModelForm):
    parameters = ParametersField()

    class Meta:
        model = ScoringCriterion
        fields = ["criterion", "parameters", "points", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = _criteria()


class StipendRateForm(ServiceErrors, forms.ModelForm):
    class Meta:
        model = StipendRate
        fields = ["valid_from", "monthly_amount", "full_month_hours", "basis"]
        widgets = {
            "valid_from": DateInput(),
            "monthly_amount": forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
        }


class CorrectionForm(ServiceErrors, forms.Form):
    start_date = forms.DateField(label=_("Start of participation"), widget=DateInput())
    end_date = forms.DateField(label=_("End of participation"), widget=DateInput(), required=False)
    reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Kept in the participant's history, e.g. the date on the signed participation declaration."
        ),
    )

    def __init__(self, *args, participant, **kwargs):
        kwargs.setdefault("initial", {"start_date": participant.start_date, "end_date": participant.end_date})
        super().__init__(*args, **kwargs)
        if participant.end_date is None:
            del self.fields["end_date"]
