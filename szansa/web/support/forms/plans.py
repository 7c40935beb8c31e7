"""Forms of the diagnosis, the individual plan and the social contract. Shape and field checks only:
the rules are in szansa.domain.support.plans, whose refusals are put back next to the fields they name
(`place_errors`), rows of a formset included ("goals.2.target_date")."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from szansa.domain.accounts.enums import Role
from szansa.domain.support import enums
from szansa.domain.support.models import Diagnosis, SupportForm
from szansa.lib.forms import DateInput

AREA_ROWS = len(enums.DiagnosisArea.choices)


def _text(label, required=True, rows=2, **kwargs):
    return forms.CharField(
        label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


class DiagnosisForm(forms.Form):
    made_on = forms.DateField(label=_("Made on"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=enums.DiagnosisKind.choices)
    summary = _text(_("Summary"), required=False, rows=3)


class AreaForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), choices=[("", "—"), *enums.DiagnosisArea.choices])
    need_level = forms.TypedChoiceField(
        label=_("Need level"), choices=enums.NeedLevel.choices, coerce=int, initial=enums.NeedLevel.NONE
    )
    finding = _text(_("Finding"), required=False)
    strengths = _text(_("Strengths and potential"), required=False)

    def has_changed(self):
        """A row without an area, a finding or strengths is an empty row (its need level is a default)."""
        return any(
            (self.data.get(self.add_prefix(name)) or "").strip() for name in ("area", "finding", "strengths")
        )


AreaFormSet = forms.formset_factory(AreaForm, extra=AREA_ROWS, max_num=AREA_ROWS)


class PlanForm(forms.Form):
    """The head of a plan (first version) or of a revision (`revision=True`: the day and the reason)."""

    drawn_up_on = forms.DateField(label=_("Drawn up on"), widget=DateInput())
    reason = _text(_("Reason for the revision"), rows=2)
    diagnosis = forms.ModelChoiceField(
        label=_("Based on the diagnosis"), queryset=Diagnosis.objects.none(), required=False
    )

    def __init__(self, *args, participant, revision=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["diagnosis"].queryset = Diagnosis.objects.filter(participant=participant).order_by(
            "-made_on"
        )
        if revision:
            self.fields["drawn_up_on"].label = _("Revised on")
        else:
            del self.fields["reason"]


class GoalForm(forms.Form):
    description = _text(_("Goal"))
    measure = forms.CharField(label=_("How it is measured"), max_length=255)
    target_date = forms.DateField(label=_("Target date"), widget=DateInput())
    achieved_on = forms.DateField(label=_("Achieved on"), required=False, widget=DateInput())


class PlannedSupportForm(forms.Form):
    form = forms.ModelChoiceField(
        label=_("Form of support"), queryset=SupportForm.objects.filter(active=True)
    )
    hours = forms.DecimalField(label=_("Hours planned"), max_digits=6, decimal_places=1, min_value=0.5)
    specialist = forms.ModelChoiceField(
        label=_("Responsible specialist"), queryset=get_user_model().objects.none(), required=False
    )
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args, participant=None, **kwargs):
        super().__init__(*args, **kwargs)
        if participant is not None:
            self.fields["specialist"].queryset = specialists_for(participant)


def specialists_for(participant):
    """Who may be named responsible: specialists and the project's staff (plans.may_be_specialist)."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name=Role.SPECIALIST) | Q(project_assignments__project_id=participant.project_id))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def goal_formset(data=None, *, initial=None):
    extra = 1 if initial else 3
    return forms.formset_factory(GoalForm, extra=extra, can_delete=True)(
        data, initial=initial, prefix="goals"
    )


def support_formset(data=None, *, participant, initial=None):
    extra = 1 if initial else 3
    factory = forms.formset_factory(PlannedSupportForm, extra=extra, can_delete=True)
    return factory(data, initial=initial, prefix="supports", form_kwargs={"participant": participant})


def formset_rows(formset) -> list[tuple[forms.Form, dict]]:
    """The filled rows of a valid formset (empty extra rows and rows marked for deletion left out)."""
    return [
        (form, {k: v for k, v in form.cleaned_data.items() if k != "DELETE"})
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class AcceptForm(forms.Form):
    by_participant_on = forms.DateField(
        label=_("Accepted by the participant on"), required=False, widget=DateInput()
    )
    by_worker_on = forms.DateField(label=_("Accepted by the worker on"), required=False, widget=DateInput())


class ContractForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=40)
    variant = forms.ChoiceField(label=_("Variant"), choices=enums.ContractVariant.choices)
    worker = forms.ModelChoiceField(label=_("Social worker"), queryset=get_user_model().objects.none())
    concluded_on = forms.DateField(label=_("Concluded on"), widget=DateInput())
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), widget=DateInput())
    goals = _text(_("Goals"), rows=3, help_text=_("One per line."))
    client_obligations = _text(_("Obligations of the person"), rows=4, help_text=_("One per line."))
    centre_obligations = _text(_("Obligations of the centre"), rows=4, help_text=_("One per line."))
    schedule = _text(_("Schedule of actions"), required=False, rows=4, help_text=_("One per line."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name=Role.SOCIAL_WORKER)
            .order_by("last_name", "first_name", "username")
        )


class EvaluateForm(forms.Form):
    on = forms.DateField(label=_("Evaluated on"), widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=enums.ContractStatus.choices)
    evaluation = _text(_("Evaluation"), rows=4)


def place_errors(error: ValidationError, form: forms.Form, rows: dict | None = None, rename=None) -> dict:
    """Put a service's refusal next to the fields it names. `rows` maps a list name ("goals") to the
    forms that gave its rows, in order; "goals.1.measure" goes to the second row's field. Errors
    about a whole list ("goals") are returned to be shown above that formset."""
    rows, rename = rows or {}, rename or {}
    sections: dict[str, list[str]] = {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return sections
    for key, messages in error.message_dict.items():
        name, _dot, rest = key.partition(".")
        if name in rows and rest:
            index, _dot, field = rest.partition(".")
            row_forms = rows[name]
            if index.isdigit() and int(index) < len(row_forms) and field in row_forms[int(index)].fields:
                row_forms[int(index)].add_error(field, messages)
                continue
        if name in rows:
            sections.setdefault(name, []).extend(messages)
            continue
        name = rename.get(key, key)
        form.add_error(name if name in form.fields else None, messages)
    return sections
