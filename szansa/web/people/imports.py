"""The bulk import page: upload a file, follow the Celery job's progress (HTMX polling), read and download
the rejected rows. Thin: szansa.domain.people.tasks runs szansa.domain.people.imports. Only users with
"people.import_people" (administrator, centre manager) see it; a job is visible to whoever started it."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from szansa.domain.accounts.enums import Role
from szansa.domain.people import household_imports, imports, tasks
from szansa.lib import tabular
from szansa.lib.views import require_perm


class ImportPeopleForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "Columns with Polish or English headers, e.g. imię, nazwisko, PESEL, data urodzenia, nr domu, "
            "kod pocztowy, miejscowość, gmina, powiat, pracownik (see the README)."
        ),
    )
    mode = forms.ChoiceField(
        label=_("When a row is rejected"),
        choices=[
            (imports.ImportMode.FILE, _("save nothing from the file")),
            (imports.ImportMode.BATCH, _("save the batches without rejected rows")),
        ],
        initial=imports.ImportMode.FILE,
        widget=forms.RadioSelect,
    )
    responsible_worker = forms.ModelChoiceField(
        label=_("Responsible social worker"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("For rows whose worker column is empty or missing."),
    )

    MAX_BYTES = 500 * 1024 * 1024

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_worker"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name=Role.SOCIAL_WORKER)
            .order_by("last_name", "first_name")
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if imports.format_of(upload.name) is None:
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."), code="format")
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 500 MB."), code="size")
        tabular.check_upload(upload)  # a zip bomb is refused here, with the reason
        return upload


class ImportTableForm(forms.Form):
    """A file of households or of incomes (szansa.domain.people.household_imports; README)."""

    file = forms.FileField(label=_("File (CSV or XLSX)"))

    MAX_BYTES = ImportPeopleForm.MAX_BYTES
    HELP = {
        household_imports.HOUSEHOLDS: _(
            "Columns: klucz gospodarstwa, PESEL, relacja (głowa gospodarstwa, małżonek, dziecko, …); "
            "one head per household. A file with a rejected row saves nothing."
        ),
        household_imports.INCOMES: _(
            "Columns: PESEL (or, for a person without one, id osoby: the person's number in Szansa), "
            "miesiąc (MM.RRRR), kwota (1 200,50), źródło, wlicza się do dochodu (tak/nie), uwagi. A file "
            "with a rejected row saves nothing."
        ),
    }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.HELP[kind]

    clean_file = ImportPeopleForm.clean_file


TITLES = {
    "people": _("Import people"),
    household_imports.HOUSEHOLDS: _("Import households"),
    household_imports.INCOMES: _("Import incomes"),
}


def _job_of(request, job: str) -> dict:
    """The job's status, for the user who started it only (404 otherwise)."""
    status = tasks.read_status(job) if len(job) == 32 and job.isalnum() else None
    if status is None or status.get("owner") != request.user.pk:
        raise Http404
    return status


def _context(job: str, status: dict) -> dict:
    total, processed = status.get("total"), status.get("processed", 0)
    percent = min(100, int(processed * 100 / total)) if total else None
    return {
        "job": job,
        "status": status,
        "percent": percent,
        "done": status.get("state") in ("done", "failed"),
        "kind": status.get("kind", "people"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def import_people(request):
    require_perm(request.user, "people.import_people")
    form = ImportPeopleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        worker = form.cleaned_data["responsible_worker"]
        job = tasks.import_start(
            actor=request.user,
            upload=form.cleaned_data["file"],
            mode=form.cleaned_data["mode"],
            default_worker=worker.username if worker else None,
        )
        return redirect("people:import_job", job=job)
    return render(request, "people/import.html", {"form": form, "kind": "people", "title": TITLES["people"]})


def _import_table(request, kind: str):
    require_perm(request.user, "people.import_people")
    form = ImportTableForm(request.POST or None, request.FILES or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        job = tasks.import_start(
            actor=request.user, upload=form.cleaned_data["file"], mode=imports.ImportMode.FILE, kind=kind
        )
        return redirect("people:import_job", job=job)
    return render(request, "people/import.html", {"form": form, "kind": kind, "title": TITLES[kind]})


@login_required
@require_http_methods(["GET", "POST"])
def import_households(request):
    return _import_table(request, household_imports.HOUSEHOLDS)


@login_required
@require_http_methods(["GET", "POST"])
def import_incomes(request):
    return _import_table(request, household_imports.INCOMES)


@login_required
@require_GET
def import_job(request, job):
    require_perm(request.user, "people.import_people")
    status = _job_of(request, job)
    kind = status.get("kind", "people")
    context = {
        "form": None,
        "kind": kind,
        "title": TITLES.get(kind, TITLES["people"]),
        **_context(job, status),
    }
    return render(request, "people/import.html", context)


@login_required
@require_GET
def import_progress(request, job):
    """The progress fragment HTMX polls every second until the job is done."""
    require_perm(request.user, "people.import_people")
    status = _job_of(request, job)
    return render(request, "people/import_progress.html", _context(job, status))


@login_required
@require_GET
def import_report(request, job):
    require_perm(request.user, "people.import_people")
    status = _job_of(request, job)
    report = tasks.report_path(job)
    if status.get("state") != "done" or not report.exists():
        raise Http404
    return FileResponse(open(report, "rb"), as_attachment=True, filename=f"odrzucone-{job[:8]}.csv")  # noqa: SIM115


# Included by szansa.web.people.urls under "import/" (names in the "people" namespace).
urlpatterns = [
    path("", import_people, name="import_people"),
    path("gospodarstwa/", import_households, name="import_households"),
    path("dochody/", import_incomes, name="import_incomes"),
    path("<str:job>/", import_job, name="import_job"),
    path("<str:job>/postep/", import_progress, name="import_progress"),
    path("<str:job>/raport.csv", import_report, name="import_report"),
]
