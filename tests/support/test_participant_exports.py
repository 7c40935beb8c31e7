"""The participant exports for the managing body per programme period (docs/participant-exports.md): the
SL2014 layout with every field 1–43 in its order, one row per participant and kind of support; the CST2021 /
SOWA EFS layout with its own dictionaries; only participants who have started; a reporting period by the
first support (start of participation), both ends included; no local column (they are in the full export the
re-import reads); the validation report in Polish; XLSX and CSV read back from the file; the command and the
page."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from szansa.domain.people.enums import Citizenship, EducationLevel
from szansa.domain.projects import services as project_services
from szansa.domain.projects.enums import StaffRole
from szansa.domain.projects.models import Measure, ProjectStaff, TargetGroup
from szansa.domain.recruitment import services as recruitment_services
from szansa.domain.support import exports
from szansa.domain.support.activities import services as activity_services
from szansa.domain.support.models import SupportForm
from tests.factories.indicator_cohort import Builder
from tests.factories.people import PersonFactory
from tests.factories.projects import make_project
from tests.factories.recruitment import COMPLETE, with_consent

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2019, 12, 31)


def complete(cast, participant, **data):
    return recruitment_services.participant_update(
        actor=cast.koordynator, participant=participant, data={**COMPLETE, **data}
    )


@pytest.fixture
def cohort(cast, project, target_group):
    """A (from 01.02.2019): vocational training 01.03–31.10.2019 and an internship 01.06–31.08.2019.
    B (from 01.03.2019): no support recorded yet. F: starts 02.12.2019 (a future starter before that day).
    R: resigned before the start. All data sets complete."""
    b = Builder(cast, project, target_group)
    a = complete(cast, b.enrol("A", start=D(2019, 2, 1)))
    training, _ = b.activity("vocational_training")
    activity_services.activity_assign(
        actor=cast.koordynator, activity=training, participant=a, on=D(2019, 3, 1)
    )
    b.internship(a)
    bb = complete(cast, b.enrol("B", start=D(2019, 3, 1)))
    f = b.enrol("F", start=D(2019, 12, 2))
    f = complete(cast, f)
    r = b.enrol("R", start=D(2019, 6, 1))
    recruitment_services.participant_resign_before_start(
        actor=cast.koordynator, participant=r, on=D(2019, 5, 1)
    )
    return {"A": a, "B": bb, "F": f}


def read_xlsx(content):
    workbook = load_workbook(io.BytesIO(content))
    rows = [list(r) for r in workbook["Uczestnicy"].iter_rows(values_only=True)]
    report = [list(r) for r in workbook["Raport walidacji"].iter_rows(values_only=True)]
    return rows, report


def read_csv(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_sl2014_layout_has_every_field_1_to_43_in_order_and_no_local_column():
    numbers = [f.number for f in exports.SL2014_FIELDS]
    assert numbers == list(range(1, 44))
    by_number = {f.number: f.header for f in exports.SL2014_FIELDS}
    assert by_number[30] == "Inne rezultaty dotyczące osób młodych (dotyczy IZM)"
    assert by_number[32] == "Rodzaj przyznanego wsparcia"
    assert by_number[34] == "Data rozpoczęcia udziału we wsparciu"
    assert by_number[35] == "Data zakończenia udziału we wsparciu"
    assert by_number[36] == "Data założenia działalności gospodarczej"
    assert by_number[39].startswith("Osoba należąca do mniejszości")
    assert by_number[43].startswith("Planowana data zakończenia edukacji")
    headers = exports.headers(exports.SL2014)
    for local in ("Rola", "Grupa docelowa", "Status uczestnictwa", "Mniejszość narodowa lub etniczna"):
        assert local not in headers


def test_one_row_per_participant_and_kind_of_support_read_back_from_xlsx(project, cohort):
    # A: two kinds of support -> two rows (training first, from 01.03.2019; internship from 01.06.2019).
    # B: none yet -> one row with fields 32-35 empty. F starts 02.12.2019, before TODAY (31.12.2019):
    # one row. R resigned before the start: not exported. 4 rows, 3 participants.
    export = exports.export(project, format="xlsx", today=TODAY)
    rows, report = read_xlsx(export.participants)
    assert rows[0] == exports.headers(exports.SL2014)
    col = {h: i for i, h in enumerate(rows[0])}
    body = rows[1:]
    assert [r[col["Nazwisko"]] for r in body] == ["A", "A", "B", "F"]
    assert export.participant_count == 3
    a1, a2, b_row = body[0], body[1], body[2]
    forms = {
        f.code: f.name_pl for f in SupportForm.objects.filter(code__in=["vocational_training", "internship"])
    }
    assert a1[col["Rodzaj przyznanego wsparcia"]] == forms["vocational_training"]
    assert a2[col["Rodzaj przyznanego wsparcia"]] == forms["internship"]
    assert a1[col["w tym (rodzaj wsparcia)"]] == "aktywizacja zawodowa"
    assert a1[col["Data rozpoczęcia udziału we wsparciu"]].date() == D(2019, 3, 1)
    assert a1[col["Data zakończenia udziału we wsparciu"]].date() == D(2019, 10, 31)
    assert a2[col["Data rozpoczęcia udziału we wsparciu"]].date() == D(2019, 6, 1)
    assert a2[col["Data zakończenia udziału we wsparciu"]].date() == D(2019, 8, 31)
    assert b_row[col["Rodzaj przyznanego wsparcia"]] in (None, "")
    assert b_row[col["Data rozpoczęcia udziału we wsparciu"]] in (None, "")
    # The SL2014 dictionaries: ISCED 3 is "ponadgimnazjalne", the joined field 39, Tak / Nie.
    assert a1[col["Wykształcenie"]] == "ponadgimnazjalne (ISCED 3)"
    assert a1[col["Status osoby na rynku pracy w chwili przystąpienia do projektu"]] == (
        "osoba bezrobotna zarejestrowana w ewidencji urzędów pracy"
    )
    assert a1[col["w tym"]] == "osoba długotrwale bezrobotna"
    assert a1[col[exports.SL2014_FIELDS[38].header]] == "Nie"  # field 39
    assert a1[col["Osoba z niepełnosprawnościami"]] == "Tak"
    assert report == [["Imię", "Nazwisko", "PESEL", "Brakujące pola"]]


def test_a_future_starter_is_not_exported(project, cohort):
    # On 01.12.2019 F (start 02.12.2019) has not started yet: A (2 rows) and B (1 row) only.
    rows = read_csv(exports.export(project, format="csv", today=D(2019, 12, 1)).participants)
    assert [r[4] for r in rows[1:]] == ["A", "A", "B"]


def test_the_reporting_period_keeps_those_whose_first_support_falls_in_it(project, cohort):
    # A started 01.02.2019, B 01.03.2019, F 02.12.2019. Both ends of the period count.
    def surnames(**period):
        rows = read_csv(exports.export(project, format="csv", today=TODAY, **period).participants)
        return sorted({r[4] for r in rows[1:]})

    assert surnames(period_from=D(2019, 3, 1), period_to=D(2019, 3, 31)) == ["B"]  # starts on the first day
    assert surnames(period_from=D(2019, 1, 1), period_to=D(2019, 2, 28)) == ["A"]
    assert surnames(period_from=D(2019, 2, 1), period_to=D(2019, 2, 1)) == ["A"]  # the last day included
    assert surnames(period_from=D(2019, 3, 2), period_to=D(2019, 12, 1)) == []
    assert surnames(period_from=D(2019, 12, 2)) == ["F"]


def test_the_validation_report_is_polish_whatever_the_language(cast, project, cohort):
    recruitment_services.participant_update(
        actor=cast.koordynator, participant=cohort["B"], data={"education": ""}
    )
    with translation.override("en"):
        export = exports.export(project, format="csv", today=TODAY)
    report = read_csv(export.validation)
    assert report[0] == ["Imię", "Nazwisko", "PESEL", "Brakujące pola"]
    with translation.override("pl"):
        polish = str(cohort["B"]._meta.get_field("education").verbose_name)
    with translation.override("en"):
        english = str(cohort["B"]._meta.get_field("education").verbose_name)
    assert polish != english
    assert report[1][1] == "B" and report[1][3] == polish


@pytest.fixture
def project_2021(cast):
    project = make_project(
        cast.admin,
        number="FEM-E",
        measure=Measure.objects.get(programme__code="FEM 2021-2027", code="6.11"),
        start=D(2024, 1, 1),
        end=D(2025, 12, 31),
    )
    project_services.project_record_save(
        actor=cast.admin,
        record=ProjectStaff(
            project=project, user=cast.koordynator, role=StaffRole.COORDINATOR, valid_from=project.start
        ),
    )
    group = project_services.project_record_save(
        actor=cast.admin, record=TargetGroup(project=project, year=2024, name="Grupa", planned_total=10)
    )
    return project, group


def test_the_cst2021_layout_and_dictionaries_for_a_2021_2027_project(cast, project_2021):
    # G: third-country national, ISCED 2, foreign background yes, minority refused, homeless no;
    # psychological counselling from 01.03.2024 (SOWA: "doradztwo/konsultacje", of which "pomoc
    # psychologiczna", from the data file).
    project, group = project_2021
    person = with_consent(
        PersonFactory(last_name="G", citizenship=Citizenship.THIRD_COUNTRY, birth_date=D(1990, 1, 1))
    )
    g = recruitment_services.participant_enrol(
        actor=cast.koordynator, person=person, project=project, start_date=D(2024, 3, 1), target_group=group
    )
    complete(
        cast,
        g,
        education=EducationLevel.ISCED_2,
        foreign_background=True,
        third_country_national=True,
        minority=None,
        refused_flags=["minority"],
    )
    counselling = activity_services.activity_create(
        actor=cast.koordynator,
        project=project,
        form=SupportForm.objects.get(code="psychological_counselling"),
        title="Konsultacje",
        starts_on=D(2024, 3, 1),
        ends_on=D(2024, 5, 31),
    )
    activity_services.activity_assign(
        actor=cast.koordynator, activity=counselling, participant=g, on=D(2024, 3, 1)
    )
    assert exports.layout_of(project) == exports.CST2021
    export = exports.export(project, format="xlsx", today=D(2024, 6, 1))
    rows, _ = read_xlsx(export.participants)
    # The column order read back from the file: the 38 fields in their order.
    assert rows[0] == exports.headers(exports.CST2021)
    assert [f.number for f in exports.CST2021_FIELDS] == list(range(1, 39))
    assert rows[0][:3] == ["Numer projektu", "Obywatelstwo", "Rodzaj uczestnika"]
    assert rows[0][29:33] == [
        "Rodzaj przyznanego wsparcia",
        "w tym (rodzaj wsparcia)",
        "Data rozpoczęcia udziału we wsparciu",
        "Data założenia działalności gospodarczej",
    ]
    assert rows[0][-5:] == [
        "Osoba obcego pochodzenia",
        "Obywatel państwa trzeciego",
        "Osoba należąca do mniejszości narodowej lub etnicznej (w tym społeczności marginalizowane)",
        "Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań",
        "Osoba z niepełnosprawnościami",
    ]
    row = dict(zip(rows[0], rows[1], strict=True))
    # The dictionary values read back from the file (support/data/cst2021_dictionaries.json).
    assert row["Numer projektu"] == "FEM-E"
    assert row["Obywatelstwo"] == exports.CST["citizenship"]["non_eu"]
    assert row["Obywatelstwo"].startswith("Brak polskiego obywatelstwa lub UE")
    assert row["Wykształcenie"] == "Średnie I stopnia (ISCED 2)"
    assert row["Rodzaj uczestnika"] == "Indywidualny"
    assert row["Status osoby na rynku pracy w chwili przystąpienia do projektu"] == "Osoba bezrobotna"
    assert row["w tym"] == "Osoba długotrwale bezrobotna"
    assert row["Rodzaj przyznanego wsparcia"] == "doradztwo/konsultacje"
    assert row["w tym (rodzaj wsparcia)"] == "pomoc psychologiczna"
    assert row["Data rozpoczęcia udziału we wsparciu"].date() == D(2024, 3, 1)
    assert row["Osoba obcego pochodzenia"] == "Tak"
    assert row["Obywatel państwa trzeciego"] == "Tak"
    assert row[exports.CST2021_FIELDS[35].header] == "Odmowa podania informacji"  # minority, its own field
    assert row["Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań"] == "Nie"
    everything = " ".join(str(v) for r in rows for v in r if v)
    assert "gimnazjaln" not in everything.lower()
    assert not any("Osoba należąca do mniejszości narodowej lub etnicznej, migrant" in h for h in rows[0])


def test_the_command_exports_a_period_and_blocks_an_incomplete_set_in_polish(cast, project, cohort, tmp_path):
    out = tmp_path / "sl.csv"
    stdout = io.StringIO()
    call_command(
        "export_participants",
        project.number,
        "--format",
        "csv",
        "--out",
        str(out),
        "--from",
        "2019-03-01",
        "--to",
        "2019-03-31",
        stdout=stdout,
    )
    rows = read_csv(out.read_bytes())
    assert rows[0] == exports.headers(exports.SL2014)
    assert [r[4] for r in rows[1:]] == ["B"]
    assert "Uczestników: 1, z brakami: 0" in stdout.getvalue()
    recruitment_services.participant_update(
        actor=cast.koordynator, participant=cohort["B"], data={"degurba": ""}
    )
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="Nie wyeksportowano: 1 uczestników"):
        call_command("export_participants", project.number, "--out", str(tmp_path / "x.xlsx"), stderr=stderr)
    assert "brakuje:" in stderr.getvalue()


def test_the_page_downloads_both_exports_and_refuses_the_auditor(cast, project, cohort, client_for):
    url = reverse("support:participant_exports", args=[project.pk])
    client = client_for(cast.koordynator)
    assert client.get(url).status_code == 200
    response = client.get(
        url, {"kind": "managing_body", "format": "csv", "period_from": "2019-03-01", "period_to": ""}
    )
    assert response.status_code == 200
    rows = read_csv(b"".join(response.streaming_content))
    assert rows[0] == exports.headers(exports.SL2014)
    full = client.get(url, {"kind": "full", "format": "csv"})
    # the local columns live in the full export only
    assert "Rola" in read_csv(b"".join(full.streaming_content))[0]
    wrong = client.get(
        url,
        {"kind": "managing_body", "format": "csv", "period_from": "2019-03-02", "period_to": "2019-03-01"},
    )
    assert "period_to" in wrong.context["form"].errors
    assert client_for(cast.audytor).get(url).status_code == 403
