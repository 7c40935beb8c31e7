"""Forms of the work pages. They parse and check input; services do the writing."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from szansa.domain.accounts.models import User
from szansa.domain.work import enums
from szansa.domain.work.models import Decision
from szansa.lib.forms import DateInput, add_service_error

__all__ = ["add_service_error"]


class CompleteForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("Minutes spent"),
        min_value=0,
        max_value=24 * 60,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 5}),
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class TimeRecordForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput(), initial=datetime.date.today)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=24 * 60)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class ReassignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=User.objects.filter(is_active=True, groups__isnull=False).distinct(),
        required=False,
        empty_label=_("(back to the queue)"),
    )


class DraftDecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=enums.DecisionOutcome.choices)


class ProposalForm(forms.Form):
    proposal = forms.CharField(label=_("Proposed support"), widget=forms.Textarea(attrs={"rows": 3}))


class WorkloadForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    reorganisation = forms.DateField(label=_("Reorganisation on"), required=False, widget=DateInput())
    week = forms.DateField(label=_("Week of"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end cannot be before the start."))
        return data


class DecisionForm(forms.ModelForm):
    """The text of a draft decision (the document's own words are Polish; the labels follow the user)."""

    class Meta:
        model = Decision
        fields = [
            "outcome",
            "authority",
            "place",
            "parties",
            "legal_basis",
            "operative_part",
            "justification_facts",
            "justification_law",
            "appeal_instruction",
            "signatory",
            "recipients",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "parties",
                "legal_basis",
                "operative_part",
                "justification_facts",
                "justification_law",
                "appeal_instruction",
                "recipients",
            )
        }


class DeliveryForm(forms.Form):
    method = forms.ChoiceField(label=_("Delivery method"), choices=enums.DeliveryMethod.choices)
    delivered_on = forms.DateField(
        label=_("Delivered on"),
        required=False,
        widget=DateInput(),
        help_text=_("The day on the receipt. Leave empty for a letter not collected: give the notice day."),
    )
    notice_on = forms.DateField(
        label=_("First notice left on (or sent on)"),
        required=False,
        widget=DateInput(),
        help_text=_("By post: the day the first notice was left; delivery is deemed made 14 days later."),
    )

    def clean(self):
        data = super().clean()
        if not data.get("delivered_on") and not data.get("notice_on"):
            self.add_error(
                "delivered_on", _("Give the day of delivery, or the day the first notice was left.")
            )
        return data


class AppealDayForm(forms.Form):
    on = forms.DateField(label=_("Day"), widget=DateInput())
