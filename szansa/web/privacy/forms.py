from django import forms
from django.utils.translation import gettext_lazy as _

from szansa.domain.privacy import enums
from szansa.domain.privacy.models import SubjectRequest
from szansa.lib.forms import DateInput


class ReviewDecisionForm(forms.Form):
    APPROVE, KEEP = "approve", "keep"
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[(APPROVE, _("approve the anonymisation")), (KEEP, _("keep the data"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the data are kept."),
    )


class SubjectRequestForm(forms.ModelForm):
    class Meta:
        model = SubjectRequest
        fields = ["kind", "received_on", "details", "extended", "extension_reason"]
        widgets = {
            "received_on": DateInput(),
            "details": forms.Textarea(attrs={"rows": 3}),
            "extension_reason": forms.Textarea(attrs={"rows": 2}),
        }


class RequestAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("answer"), choices=[c for c in enums.RequestStatus.choices if c[0] != "open"]
    )
    answered_on = forms.DateField(label=_("answered on"), widget=DateInput())
    outcome = forms.CharField(label=_("outcome"), widget=forms.Textarea(attrs={"rows": 3}))
    refusal_ground = forms.CharField(
        label=_("legal ground of the refusal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For an erasure the law does not allow yet, left empty it is filled in from the retention rule."
        ),
    )
