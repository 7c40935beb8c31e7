"""Households and monthly incomes importable (a migration from an old system): CSV/XLSX as offices save
them, every row checked with its reason, all or nothing, progress and report as for people, the
permission of importing people, one audit entry; the page and the commands."""

import datetime
import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from szansa.domain.people import household_imports
from szansa.domain.people.household_imports import parse_amount, parse_month
from szansa.domain.people.models import IncomeRecord, Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def people(db):
    return [PersonFactory(first_name=name) for name in ("Łucja", "Żaneta", "Ściborek", "Ćwik")]


def cp1250(*lines) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("cp1250")


def run(kind, content, actor, name="plik.csv"):
    return household_imports.import_table(kind, io.BytesIO(content), actor=actor, name=name)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1 200,50", "1200.50"),
        ("1200.50", "1200.50"),
        ("1\u00a0200,50 zł", "1200.50"),
        ("1.200,50", "1200.50"),
        ("900", "900"),
        ("0,5", "0.5"),
    ],
)
def test_amounts_in_polish_and_plain_format(text, amount):
    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["", "abc", "-5", "1,2,3", "12,345"])
def test_not_amounts(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_months():
    expected = datetime.date(2025, 3, 1)
    for text in ("03.2025", "3.2025", "2025-03", "15.03.2025", "2025-03-15", "03/2025"):
        assert parse_month(text) == expected


def test_households_from_a_cp1250_file(cast, people):
    a, b, c, d = people
    content = cp1250(
        "Klucz gospodarstwa;PESEL;Relacja",
        f"G-1;{a.pesel};głowa gospodarstwa",
        f"G-1;{b.pesel};córka",
        f"G-2;{c.pesel};head",
        f"G-2;{d.pesel};małżonek",
    )
    result = run("households", content, cast.kierownik)
    assert result.ok and result.saved == 2 and result.rows == 4, [str(e) for e in result.errors]
    for person in people:
        person.refresh_from_db()
    assert a.household == b.household != c.household == d.household
    assert (a.household_relation, b.household_relation) == ("head", "child")
    assert d.household_relation == "spouse"
    entry = LogEntry.objects.filter(object_repr="import_households: plik.csv").get()
    assert entry.actor == cast.kierownik
    assert entry.additional_data["import_households"]["saved"] == 2


def test_a_household_file_with_bad_rows_saves_nothing_and_names_each_row(cast, people):
    a, b, c, d = people
    content = cp1250(
        "gospodarstwo;pesel;relacja",
        f"G-1;{a.pesel};dziecko",
        f"G-1;{b.pesel};kuzyn",
        f"G-2;{c.pesel};głowa",
        f"G-3;{c.pesel};głowa",
        "G-3;12345678901;głowa",
        f"G-2;{d.pesel};głowa",
    )
    result = run("households", content, cast.kierownik)
    assert not result.ok and result.saved == 0
    found = {(e.row, e.column) for e in result.errors}
    assert (3, "relacja") in found  # unknown relation
    assert (5, "pesel") in found  # the same PESEL again
    assert (6, "pesel") in found  # not a valid PESEL
    assert (2, "gospodarstwo") in found  # G-1 has no head
    assert (4, "gospodarstwo") in found and (7, "gospodarstwo") in found  # G-2 has two heads
    assert not Person.objects.filter(household__isnull=False).exists()


def test_a_person_already_in_a_household_is_refused(cast, people):
    a, b, *_rest = people
    run("households", cp1250("gospodarstwo;pesel;relacja", f"G;{a.pesel};głowa"), cast.kierownik)
    result = run("households", cp1250("gospodarstwo;pesel;relacja", f"H;{a.pesel};głowa"), cast.kierownik)
    assert [(e.row, e.message) for e in result.errors] == [(2, "This person already belongs to a household.")]


def test_incomes_from_an_xlsx_and_a_cp1250_file(cast, people):
    a, b, *_rest = people
    workbook = Workbook()
    workbook.active.append(["PESEL", "Miesiąc", "Kwota", "Źródło", "Wlicza się do dochodu", "Uwagi"])
    workbook.active.append([int(a.pesel), datetime.datetime(2025, 3, 1), 1200.5, "emerytura", "tak", "ZUS"])
    workbook.active.append([a.pesel, "04.2025", "1 200,50", "pension", None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run("incomes", buffer.getvalue(), cast.kierownik, name="dochody.xlsx")
    assert result.ok and result.saved == 2, [str(e) for e in result.errors]
    content = cp1250(
        "pesel;miesiąc;kwota;źródło;wlicza się do dochodu;uwagi",
        f"{b.pesel};2025-03;900,00;świadczenie rodzinne;nie;Żłobek",
    )
    assert run("incomes", content, cast.kierownik).ok
    record = IncomeRecord.objects.get(person=b)
    assert record.month == datetime.date(2025, 3, 1) and record.net_amount == Decimal("900.00")
    assert record.source == "family_benefit" and record.counts_as_income is False and record.note == "Żłobek"
    assert IncomeRecord.objects.filter(person=a, net_amount=Decimal("1200.50")).count() == 2


def test_an_income_file_with_bad_rows_saves_nothing(cast, people):
    a, *_rest = people
    content = cp1250(
        "pesel;miesiąc;kwota;źródło;wlicza się do dochodu",
        f"{a.pesel};13.2025;abc;loteria;może",
        f"{a.pesel};03.2025;100;pension;tak",
        f"{a.pesel};03.2025;200;pension;tak",
        "44051401358;03.2025;100;pension;",
    )
    result = run("incomes", content, cast.kierownik)
    found = {(e.row, e.column) for e in result.errors}
    assert {(2, "miesiąc"), (2, "kwota"), (2, "źródło"), (2, "wlicza się do dochodu")} <= found
    assert (4, "źródło") in found  # the same person, month and source twice
    assert (5, "pesel") in found  # nobody with this PESEL
    assert result.saved == 0 and not IncomeRecord.objects.exists()


def test_missing_columns_and_garbage_are_reported_for_the_file(cast):
    result = run("incomes", cp1250("pesel;kwota", "1;2"), cast.kierownik)
    assert result.file_error.startswith("The file has no column: miesiac, zrodlo")
    with translation.override("pl"):
        result = run("households", bytes(range(256)) * 10, cast.kierownik)
    assert "Nie udało się odczytać pliku" in result.file_error


def test_only_who_may_import_people_may_import_households(cast):
    with pytest.raises(PermissionDenied):
        run("households", cp1250("gospodarstwo;pesel;relacja"), cast.pracownik)


def test_the_commands(cast, people, tmp_path):
    a, b, *_rest = people
    path = tmp_path / "gospodarstwa.csv"
    path.write_bytes(cp1250("gospodarstwo,pesel,relacja", f"G,{a.pesel},głowa", f"G,{b.pesel},syn"))
    stdout = io.StringIO()
    call_command("import_households", str(path), "--user", "admin", "--no-progress", stdout=stdout)
    assert "2 rows read, 1 households saved" in stdout.getvalue()
    bad = tmp_path / "dochody.csv"
    bad.write_bytes(cp1250("pesel\tmiesiąc\tkwota\tźródło", f"{a.pesel}\t03.2025\tdużo\tpension"))
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="Nothing saved"):
        call_command("import_incomes", str(bad), "--no-progress", stdout=io.StringIO(), stderr=stderr)
    assert "row 2, kwota:" in stderr.getvalue()
    bad.write_bytes(cp1250("pesel\tmiesiąc\tkwota\tźródło", f"{a.pesel}\t03.2025\t1 200,50\tpension"))
    call_command("import_incomes", str(bad), "--no-progress", stdout=io.StringIO())
    assert IncomeRecord.objects.get().net_amount == Decimal("1200.50")


@pytest.fixture
def job_folder(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.CELERY_TASK_ALWAYS_EAGER = True


def test_the_pages_reachable_from_the_people_import(
    cast, people, client_for, job_folder, django_capture_on_commit_callbacks
):
    a, b, *_rest = people
    client = client_for(cast.kierownik)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("people:import_people")).content.decode()
    assert reverse("people:import_households") in page and reverse("people:import_incomes") in page
    content = cp1250("gospodarstwo;pesel;relacja", f"G;{a.pesel};głowa", f"G;{b.pesel};rodzic")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("people:import_households"), {"file": SimpleUploadedFile("g.csv", content)}
        )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Import households" in page and "Households saved" in page and 'id="import-saved">1<' in page
    b.refresh_from_db()
    assert b.household_relation == "parent"
    bad = cp1250("pesel;miesiąc;kwota;źródło", f"{a.pesel};03.2025;x;pension")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:import_incomes"), {"file": SimpleUploadedFile("d.csv", bad)})
    page = client.get(response.url).content.decode()
    assert "Incomes saved" in page and "is not an amount" in page
    job = response.url.rstrip("/").split("/")[-1]
    report = client.get(reverse("people:import_report", args=[job]))
    assert b"is not an amount" in b"".join(report.streaming_content)
    assert client_for(cast.pracownik).get(reverse("people:import_households")).status_code == 403


def test_a_pesel_that_lost_its_leading_zero_in_a_spreadsheet_is_restored(cast):
    from tests.factories.people import make_pesel

    person = PersonFactory(
        pesel=make_pesel(datetime.date(1905, 6, 1), 7, True), birth_date=datetime.date(1905, 6, 1)
    )
    assert person.pesel.startswith("0")
    workbook = Workbook()
    workbook.active.append(["PESEL", "Miesiąc", "Kwota", "Źródło"])
    workbook.active.append([int(person.pesel), "06.2025", 1500, "emerytura"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run("incomes", buffer.getvalue(), cast.kierownik, name="dochody.xlsx")
    assert result.ok, [str(e) for e in result.errors]
    assert IncomeRecord.objects.get().person == person


def test_incomes_of_a_person_without_pesel_match_the_person_number_in_szansa(cast, people):
    a = people[0]
    without = PersonFactory(pesel=None, other_id_type="passport", other_id_number="ZZ1234567")
    content = cp1250(
        "pesel;id osoby;miesiąc;kwota;źródło",
        f"{a.pesel};;03.2025;1 200,50;emerytura",
        f";{without.pk};03.2025;900,00;emerytura",
    )
    result = run("incomes", content, cast.kierownik)
    assert result.ok and result.saved == 2, [str(e) for e in result.errors]
    assert IncomeRecord.objects.get(person=without).net_amount == Decimal("900.00")
    assert IncomeRecord.objects.get(person=a).net_amount == Decimal("1200.50")


def test_a_row_with_an_unknown_number_or_no_identifier_is_refused_with_its_reason(cast, people):
    content = cp1250(
        "id osoby;miesiąc;kwota;źródło",
        "999999;03.2025;900,00;emerytura",
        ";03.2025;900,00;emerytura",
    )
    result = run("incomes", content, cast.kierownik)
    assert not result.ok and result.saved == 0 and result.rejected == 2
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert messages[(2, "id osoby")] == 'No person with the number "999999" in the registry.'
    assert messages[(3, "pesel")].startswith("Give the PESEL or, for a person without one")
    assert not IncomeRecord.objects.exists()


def test_an_income_file_without_pesel_or_person_number_is_refused(cast, people):
    result = run("incomes", cp1250("miesiąc;kwota;źródło", "03.2025;900,00;emerytura"), cast.kierownik)
    assert not result.ok and "PESEL or id osoby" in result.file_error
