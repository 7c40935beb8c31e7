"""Forms of the activity pages. They parse input; szansa.domain.support.activities writes and its refusals
are shown next to the fields they concern."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from szansa.domain.recruitment.models import Participant
from szansa.domain.support.activities import rules as activity_rules
from szansa.domain.support.activities import selectors as activity_selectors
from szansa.domain.support.enums import Delivery, ExamResult
from szansa.domain.support.models import Activity, PlannedSupport, Room, SupportForm
from szansa.lib.forms import DateInput
from szansa.web.housing.forms import add_error_by_code
from szansa.web.people.picker import PersonChoiceField

FROM_FORM = ""
YES_NO = [(FROM_FORM, _("as the form of support says")), ("yes", _("yes")), ("no", _("no"))]
# A refusal without a field goes where its code belongs.
FIELDS_BY_CODE = {
    "specialist_busy": "specialist",
    "room_busy": "room",
    "participant_busy": "participant",
    "full": "participant",
}


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def staff_users():
    return get_user_model().objects.filter(is_active=True).order_by("last_name", "first_name", "username")


def _add_service_error(form: forms.Form, error: ValidationError, rename=None) -> None:
    """A service refusal next to the field it concerns, if the form has that field, else above."""
    fields = {code: name for code, name in FIELDS_BY_CODE.items() if name in form.fields}
    add_error_by_code(form, error, fields, rename=rename)


class ServiceErrorsMixin:
    def add_service_error(self, error: ValidationError) -> None:
        _add_service_error(self, error)


class ActivityForm(ServiceErrorsMixin, forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=None)
    form = forms.ModelChoiceField(
        label=_("Form of support"), queryset=SupportForm.objects.filter(active=True)
    )
    title = forms.CharField(label=_("Title"), max_length=255)
    provider = forms.CharField(label=_("Provider"), max_length=255, required=False)
    trainer = forms.CharField(label=_("Trainer"), max_length=255, required=False)
    specialist = forms.ModelChoiceField(label=_("Specialist"), queryset=None, required=False)
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.all(), required=False)
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, required=False)
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), widget=DateInput())
    min_attendance = forms.IntegerField(
        label=_("Attendance needed to complete (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Empty: as the form of support says."),
    )
    ends_with_exam = forms.TypedChoiceField(
        label=_("Ends with an exam"),
        choices=YES_NO,
        required=False,
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["specialist"].queryset = staff_users()

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date cannot be earlier than the start date."))
        return data


def assignable_participants(user, activity: int):
    """The participants the picker of `AssignForm` offers: those an activity the user manages may take."""
    activity = activity_selectors.activity_get(user=user, pk=activity)
    if not user.has_perm("support.manage_activity", activity):
        return Participant.objects.none()
    return activity_selectors.assignable_participants(activity)


assignable_participants.person_path = "person"


class AssignForm(ServiceErrorsMixin, forms.Form):
    participant = PersonChoiceField(
        label=_("Participant"), queryset=Participant.objects.none(), person_path="person"
    )
    on = forms.DateField(label=_("Assigned on"), widget=DateInput())
    link_plan = forms.BooleanField(
        label=_("Link to the planned support of the same form in the participant's plan"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        field = self.fields["participant"]
        field.queryset = activity_selectors.assignable_participants(activity)
        field.set_source((f"{__name__}.assignable_participants", {"activity": activity.pk}))

    def planned_support(self) -> PlannedSupport | None:
        if not self.cleaned_data.get("link_plan"):
            return None
        return activity_selectors.planned_support_for(self.cleaned_data["participant"], self.activity.form)


class SessionForm(ServiceErrorsMixin, forms.Form):
    day = forms.DateField(label=_("Day"), widget=DateInput())
    start_time = forms.TimeField(label=_("From"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Until"), widget=TimeInput())
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.all(), required=False)
    specialist = forms.ModelChoiceField(label=_("Specialist"), queryset=None, required=False)
    participant = forms.ModelChoiceField(label=_("Participant"), queryset=None, required=False)
    topic = forms.CharField(label=_("Topic"), max_length=255, required=False)

    def __init__(self, *args, activity: Activity, **kwargs):
        kwargs.setdefault("initial", {}).update(
            {"room": activity.room_id, "specialist": activity.specialist_id}
        )
        super().__init__(*args, **kwargs)
        self.activity = activity
        self.fields["specialist"].queryset = staff_users()
        if activity.form.delivery == Delivery.INDIVIDUAL:
            members = activity.members.filter(withdrawn_on__isnull=True).select_related("participant__person")
            field = self.fields["participant"]
            field.required = True
            field.queryset = activity.project.participants.filter(
                pk__in=members.values("participant_id")
            ).select_related("person")
            field.label_from_instance = lambda p: p.person.full_name
        else:
            del self.fields["participant"]

    def clean(self):
        data = super().clean()
        if data.get("start_time") and data.get("end_time") and data["end_time"] <= data["start_time"]:
            self.add_error("end_time", _("A session must end after it starts."))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": activity_rules.local_at(data["day"], data["start_time"]),
            "ends_at": activity_rules.local_at(data["day"], data["end_time"]),
            "room": data.get("room"),
            "specialist": data.get("specialist"),
            "participant": data.get("participant"),
            "topic": data.get("topic", ""),
        }

    def add_service_error(self, error: ValidationError) -> None:
        _add_service_error(self, error, rename={"starts_at": "day", "ends_at": "end_time"})


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class WeeklySessionsForm(SessionForm):
    weekday = forms.TypedChoiceField(label=_("Every"), choices=WEEKDAYS, coerce=int)
    first_day = forms.DateField(label=_("First week from"), widget=DateInput())
    last_day = forms.DateField(label=_("Last day"), widget=DateInput())
    field_order = ["weekday", "start_time", "end_time", "first_day", "last_day"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["day"]

    def clean(self):
        data = super().clean()
        if data.get("first_day") and data.get("last_day") and data["last_day"] < data["first_day"]:
            self.add_error("last_day", _("The end date cannot be earlier than the start date."))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "weekday": data["weekday"],
            "start_time": data["start_time"],
            "end_time": data["end_time"],
            "first_day": data["first_day"],
            "last_day": data["last_day"],
            "room": data.get("room"),
            "specialist": data.get("specialist"),
            "participant": data.get("participant"),
            "topic": data.get("topic", ""),
        }

    def add_service_error(self, error: ValidationError) -> None:
        _add_service_error(self, error, rename={"starts_at": "first_day", "ends_at": "end_time"})


class ExamForm(ServiceErrorsMixin, forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=ExamResult.choices)
    on = forms.DateField(label=_("Exam on"), widget=DateInput(), initial=datetime.date.today)
    certificate_number = forms.CharField(
        label=_("Certificate number"),
        max_length=60,
        required=False,
        help_text=_("Required when the exam is passed."),
    )

    def add_service_error(self, error: ValidationError) -> None:
        _add_service_error(self, error, rename={"exam_result": "result"})
