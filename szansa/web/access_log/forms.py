from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from szansa.domain.accounts.access_log import AccessFilter
from szansa.lib.forms import DateInput


class AccessFilterForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("User"), queryset=get_user_model().objects.order_by("username"), required=False
    )
    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=100,
        help_text=_("The person's number or a part of the name."),
    )
    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput)
    route = forms.CharField(
        label=_("Route"),
        required=False,
        max_length=100,
        help_text=_("A part of the route's name, e.g. people:"),
    )

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end of the period cannot be before its start."))
        return data

    def filters(self) -> AccessFilter:
        data = self.cleaned_data if self.is_valid() else {}
        user = data.get("user")
        return AccessFilter(
            user_id=user.pk if user else None,
            person=data.get("person") or "",
            since=data.get("since"),
            until=data.get("until"),
            route=data.get("route") or "",
        )
