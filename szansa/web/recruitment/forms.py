"""Forms of the recruitment pages. They parse and check input; recruitment.services do the writing
and their refusals are shown next to the fields they concern (`add_error_by_code`)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from szansa.domain.people.models import Person
from szansa.domain.projects.access import scope_projects
from szansa.domain.projects.models import Project
from szansa.domain.recruitment import enums
from szansa.domain.recruitment.models import (
    DISADVANTAGE_FLAGS,
    REFUSABLE_FLAGS,
    DocumentKind,
    ExitSituation,
    Participant,
    RecruitmentRound,
)
from szansa.lib import tabular
from szansa.lib.forms import DateInput, add_service_error
from szansa.web.people.picker import PersonChoiceField


def add_error_by_code(
    form: forms.Form, error: ValidationError, fields_by_code: dict | None = None, rename=None
) -> None:
    """A service's refusal next to a field: named fields keep their place (`rename` maps model field
    names to form ones), a message without a field goes to the field its code names in
    `fields_by_code` (else above the form)."""
    fields_by_code = fields_by_code or {}
    rename = rename or {}
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            name = rename.get(name, name)
            for item in errors:
                form.add_error(name if name in form.fields else fields_by_code.get(item.code), item)
        return
    for item in error.error_list:
        form.add_error(fields_by_code.get(item.code), item)


def referable_people(user, project: int):
    """The people the application form's picker offers: those the user may register in the project's
    recruitment (the page's own rule, recruitment.views._referable_people)."""
    from szansa.web.recruitment.views import _referable_people  # the views import this module

    project = scope_projects(Project.objects.all(), user).filter(pk=project).first()
    if project is None or not user.has_perm("recruitment.view", project):
        return Person.objects.none()
    return _referable_people(user, project)


class ApplicationForm(forms.Form):
    """Register an application: the person (among those the user may refer, chosen with the picker), round,
    channel and the documents handed in with it."""

    round = forms.ModelChoiceField(label=_("Recruitment round"), queryset=RecruitmentRound.objects.none())
    person = PersonChoiceField(label=_("Person"), queryset=Person.objects.none())
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DateInput())
    channel = forms.ChoiceField(label=_("Channel"), choices=enums.Channel.choices)
    documents = forms.ModelMultipleChoiceField(
        label=_("Documents received"),
        queryset=DocumentKind.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Received on the day of the application; proofs are valid from that day."),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, rounds, people, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
        self.fields["person"].queryset = people
        if project is not None:
            self.fields["person"].set_source((f"{__name__}.referable_people", {"project": project.pk}))

    def add_service_error(self, error: ValidationError) -> None:
        add_error_by_code(self, error, {"outside_round": "submitted_on"})


class DayForm(forms.Form):
    """One date: the day of a verification, a resignation or the start of an enrolment."""

    on = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["on"].label = label

    def add_service_error(self, error: ValidationError) -> None:
        add_service_error(self, error, default_field="on")  # the one field the refusal can be about


class CandidatesForm(forms.Form):
    on = forms.DateField(label=_("Evaluate on"), widget=DateInput())


class ExitForm(forms.Form):
    end_date = forms.DateField(label=_("End of participation"), widget=DateInput())
    exit_reason = forms.ChoiceField(label=_("How it ended"), choices=enums.ExitReason.choices)
    note = forms.CharField(label=_("Reason for leaving early"), max_length=255, required=False)
    completed_path = forms.TypedChoiceField(
        label=_("Completed the planned path"),
        choices=[("yes", _("yes")), ("no", _("no"))],
        coerce=lambda value: value == "yes",
    )
    exit_situation_1 = forms.ModelChoiceField(
        label=_("Situation at exit (1)"), queryset=ExitSituation.objects.all(), required=False
    )
    exit_situation_2 = forms.ModelChoiceField(
        label=_("Situation at exit (2)"), queryset=ExitSituation.objects.all(), required=False
    )

    def add_service_error(self, error: ValidationError) -> None:
        add_error_by_code(
            self, error, {"participant_period_ordered": "end_date"}, rename={"exit_note": "note"}
        )


class FollowUpForm(forms.Form):
    on = forms.DateField(label=_("Recorded on"), widget=DateInput())
    result = forms.ChoiceField(label=_("Situation 3 months after exit"), choices=enums.FollowUpResult.choices)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def add_service_error(self, error: ValidationError) -> None:
        add_error_by_code(self, error, {})


DATA_SET_FIELDS = [
    "participant_type",
    "institution",
    "education",
    "labour_status",
    "labour_substatus",
    "occupation",
    "employer",
    "degurba",
    "planned_education_end",
]


class DataSetForm(forms.Form):
    """The coordinator completes the EU data set: the model's fields, and each disadvantage flag as
    yes / no / refused to answer (where the data set allows a refusal) / not asked yet."""

    def __init__(self, *args, participant: Participant, **kwargs):
        initial = {name: getattr(participant, name) for name in DATA_SET_FIELDS}
        for name in DISADVANTAGE_FLAGS:
            answer = participant.flag_answer(name)
            initial[name] = {True: "yes", False: "no", "refused": "refused"}.get(answer, "")
        super().__init__(*args, initial=initial, **kwargs)
        self.fields.update(
            forms.fields_for_model(
                Participant, fields=DATA_SET_FIELDS, widgets={"planned_education_end": DateInput()}
            )
        )
        for name in DISADVANTAGE_FLAGS:
            choices = [("", _("not asked yet")), ("yes", _("yes")), ("no", _("no"))]
            if name in REFUSABLE_FLAGS:
                choices.append(("refused", _("refused to answer")))
            self.fields[name] = forms.ChoiceField(
                label=Participant._meta.get_field(name).verbose_name, choices=choices, required=False
            )

    def data_set(self) -> dict:
        """The cleaned values as the service takes them (flags as True / False / None + refusals)."""
        data = {name: self.cleaned_data[name] for name in DATA_SET_FIELDS}
        refused = []
        for name in DISADVANTAGE_FLAGS:
            answer = self.cleaned_data[name]
            data[name] = {"yes": True, "no": False}.get(answer)
            if answer == "refused":
                refused.append(name)
        data["refused_flags"] = refused
        return data

    def add_service_error(self, error: ValidationError) -> None:
        add_error_by_code(self, error, {})


class ApplicationsImportForm(forms.Form):
    """An XLSX or CSV file of applications (columns: szansa.domain.recruitment.application_imports)."""

    file = forms.FileField(
        label=_("File (XLSX or CSV)"),
        help_text=_(
            "Columns: PESEL; Data zgłoszenia; Kanał; Dokumenty; Uwagi. A file with errors saves nothing."
        ),
    )

    MAX_BYTES = 10 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if self.format_of(upload.name) is None:
            raise forms.ValidationError(_("Choose an .xlsx or .csv file."), code="format")
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."), code="size")
        tabular.check_upload(upload)  # a zip bomb is refused here, with the reason
        return upload

    @staticmethod
    def format_of(name: str) -> str | None:
        suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        return suffix if suffix in ("xlsx", "csv") else None
