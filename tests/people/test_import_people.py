"""import_people: what offices produce (cp1250 + semicolons + CRLF, UTF-8 BOM, XLSX), full validation,
file and batch modes, duplicates, the command, and memory that does not grow with the file."""

import csv
import datetime
import io
import tracemalloc

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from szansa.domain.people import imports
from szansa.domain.people.models import Person
from tests.factories.people import EN_HEADER, PL_HEADER, csv_bytes, make_pesel, person_row


def run(content: bytes, actor, name="osoby.csv", **kwargs):
    return imports.import_people(io.BytesIO(content), actor=actor, name=name, **kwargs)


def test_polish_headers_in_cp1250_with_semicolons_and_crlf(cast):
    content = csv_bytes([person_row(1), person_row(2)])
    assert b"\r\n" in content and "Imię".encode("cp1250") in content
    result = run(content, cast.admin)
    assert result.ok, result.errors
    assert (result.rows, result.saved) == (2, 2)
    person = Person.objects.get(last_name="Żółkiewski1")
    assert person.first_name == "Łukasz"
    assert person.town == "Andrychów"
    assert person.birth_date == datetime.date(1950, 1, 2)
    assert person.sex == "M"  # from PESEL
    assert person.responsible_worker == cast.pracownik
    assert person.created_by == cast.admin
    # The search key is folded: lower case without diacritics (szansa.lib.text.fold).
    assert person.search_text == "zolkiewski1 lukasz"
    assert Person.objects.get(last_name="Wróblewska2").sex == "K"


def test_utf8_bom_english_headers_comma_iso_dates_and_default_worker(cast):
    rows = [person_row(n, worker="", polish_date=False) for n in (3, 4, 5)]
    content = "\ufeff".encode() + csv_bytes(
        rows, header=EN_HEADER, encoding="utf-8", delimiter=",", newline="\n"
    )
    result = run(content, cast.kierownik, default_worker="pracownik2")
    assert result.ok, result.errors
    assert result.saved == 3
    assert set(
        Person.objects.filter(last_name__contains="Żółkiewski").values_list("responsible_worker", flat=True)
    )
    assert Person.objects.get(last_name="Wróblewska4").responsible_worker == cast.pracownik2


def test_headers_are_matched_without_case_diacritics_or_spaces(cast):
    header = [" IMIE", "nazwisko ", "Pesel", "data_urodzenia", "Numer domu", "KOD-POCZTOWY", "miejscowosc"]
    header += ["gmina", "POWIAT", "pracownik socjalny"]
    result = run(csv_bytes([person_row(6)], header=header, encoding="utf-8"), cast.admin)
    assert result.ok, result.errors
    assert result.saved == 1


def test_xlsx_with_date_cells_and_numeric_pesel(cast, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(PL_HEADER)
    born_2002 = datetime.date(2002, 1, 13)
    pesel_2002 = make_pesel(born_2002, 7, True)
    assert pesel_2002.startswith("0")
    row = person_row(7, pesel=int(pesel_2002), birth_date=datetime.datetime(2002, 1, 13))
    sheet.append(list(row.values()))
    sheet.append([None] * len(PL_HEADER))  # a blank row is skipped
    sheet.append(list(person_row(8).values()))
    path = tmp_path / "osoby.xlsx"
    workbook.save(path)
    result = imports.import_people(path, actor=cast.admin)
    assert result.ok, result.errors
    assert result.rows == 2
    person = Person.objects.get(last_name="Żółkiewski7")
    assert (person.pesel, person.birth_date, person.sex) == (pesel_2002, born_2002, "K")


def test_bad_rows_are_reported_with_reasons_and_file_mode_saves_nothing(cast):
    good = person_row(10)
    bad_pesel = person_row(11, pesel=person_row(11)["pesel"][:-1] + "0")  # wrong check digit
    bad_postal = person_row(12, postal_code="34120x")
    bad_date = person_row(13, birth_date="31.02.1980")
    wrong_birth = person_row(14, birth_date="01.01.1999")
    no_worker = person_row(15, worker="nieznany")
    content = csv_bytes([good, bad_pesel, bad_postal, bad_date, wrong_birth, no_worker])
    before = Person.objects.count()
    result = run(content, cast.admin)
    assert not result.ok
    assert (result.rows, result.saved, result.rejected, result.not_saved) == (6, 0, 5, 1)
    assert Person.objects.count() == before
    by_row = {(e.row, e.column): e.message for e in result.errors}
    assert set(by_row) == {
        (3, "PESEL"),
        (4, "Kod pocztowy"),
        (5, "Data urodzenia"),
        (6, "Data urodzenia"),
        (7, "Pracownik"),
    }
    assert "cyfr" in by_row[(3, "PESEL")] or "check digit" in by_row[(3, "PESEL")]
    assert "31.02.1980" in by_row[(5, "Data urodzenia")]
    assert "02.01.1950" not in by_row[(6, "Data urodzenia")]  # row 14 was born 15.01.1950
    assert "15.01.1950" in by_row[(6, "Data urodzenia")]
    assert "nieznany" in by_row[(7, "Pracownik")]


def test_reasons_follow_the_active_language(cast):
    from django.utils import translation

    with translation.override("en"):
        result = run(csv_bytes([person_row(16, postal_code="1")]), cast.admin)
    assert result.errors == [
        imports.RowError(2, "Kod pocztowy", "Enter the postal code as NN-NNN, e.g. 32-300.")
    ]


def test_duplicates_within_the_file_and_against_the_registry(cast):
    first = person_row(20)
    again = person_row(21, pesel=first["pesel"], birth_date=first["birth_date"], first_name="Zofia")
    registered = person_row(22, pesel=cast.person_a.pesel, birth_date=f"{cast.person_a.birth_date:%d.%m.%Y}")
    registered["first_name"] = "Ktoś"
    result = run(csv_bytes([first, again, registered]), cast.admin)
    assert result.rejected == 2
    assert [(e.row, e.column) for e in result.errors] == [(3, "PESEL"), (4, "PESEL")]
    assert "2" in result.errors[0].message  # "…also in row 2."
    assert "rejestrze" in result.errors[1].message or "registry" in result.errors[1].message


def test_duplicates_across_batches_are_found_in_the_open_transaction(cast):
    rows = [person_row(n) for n in range(30, 35)]
    rows.append(person_row(40, pesel=rows[0]["pesel"], birth_date=rows[0]["birth_date"]))
    result = run(csv_bytes(rows), cast.admin, batch_size=2)
    assert result.rejected == 1
    assert result.errors[0].row == 7
    assert result.saved == 0 and Person.objects.filter(last_name__endswith="30").count() == 0


def test_batch_mode_saves_the_good_batches_only(cast):
    rows = [person_row(n) for n in range(50, 56)]
    rows[3]["postal_code"] = "zły"  # file row 5, in the second batch (rows 4-5)
    result = run(csv_bytes(rows), cast.admin, mode="batch", batch_size=2)
    assert (result.saved, result.rejected, result.not_saved) == (4, 1, 1)
    saved = set(Person.objects.filter(created_by=cast.admin).values_list("last_name", flat=True))
    assert saved == {"Wróblewska50", "Żółkiewski51", "Żółkiewski55", "Wróblewska54"}


def test_a_person_without_pesel_needs_a_document_birth_date_and_sex(cast):
    header = [*PL_HEADER, "Płeć", "Rodzaj dokumentu", "Numer dokumentu"]
    ok = [*person_row(60, pesel="").values(), "K", "paszport", "AB123"]
    missing = [*person_row(61, pesel="", birth_date="").values(), "", "", ""]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerows([header, ok, missing])
    result = run(out.getvalue().encode("utf-8"), cast.admin, mode="batch", batch_size=1)
    assert result.saved == 1
    assert {e.column for e in result.errors} == {"PESEL", "Data urodzenia", "Płeć"}
    person = Person.objects.get(last_name="Wróblewska60")
    assert (person.pesel, person.other_id_type, person.other_id_number) == (None, "passport", "AB123")


def test_a_file_without_required_columns_is_refused(cast):
    result = run("imię;nazwisko\r\nJan;Kowalski\r\n".encode("cp1250"), cast.admin)
    assert result.file_error and not result.saved
    assert "PESEL" in result.file_error and "kod pocztowy" in result.file_error


def test_only_administrators_and_managers_may_import(cast):
    content = csv_bytes([person_row(70)])
    for user in (cast.pracownik, cast.referent, cast.koordynator, cast.audytor):
        with pytest.raises(PermissionDenied):
            run(content, user)
    assert run(content, cast.kierownik).saved == 1


def test_the_import_writes_one_audit_entry(cast):
    run(csv_bytes([person_row(80), person_row(81)]), cast.admin, name="stary-system.csv")
    entry = LogEntry.objects.filter(object_repr__startswith="import_people").get()
    assert entry.actor == cast.admin
    assert entry.additional_data["import_people"] | {} == entry.additional_data["import_people"]
    assert entry.additional_data["import_people"]["file"] == "stary-system.csv"
    assert entry.additional_data["import_people"]["saved"] == 2


def test_dry_run_saves_nothing(cast):
    result = run(csv_bytes([person_row(85)]), cast.admin, dry_run=True)
    assert result.ok and result.saved == 0 and result.not_saved == 1
    assert not Person.objects.filter(last_name="Żółkiewski85").exists()


# --- the command ---------------------------------------------------------------------------------------


def test_command_exit_code_and_report(cast, tmp_path, capsys):
    path = tmp_path / "osoby.csv"
    path.write_bytes(csv_bytes([person_row(90), person_row(91, postal_code="x")]))
    report = tmp_path / "odrzucone.csv"
    with pytest.raises(CommandError) as failure:
        call_command("import_people", str(path), "--report", str(report), "--no-progress")
    assert failure.value.returncode == 1
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[1].startswith("3;Kod pocztowy;")
    assert not Person.objects.filter(last_name="Wróblewska90").exists()

    call_command("import_people", str(path), "--mode", "batch", "--batch-size", "1", "--user", "admin")
    assert Person.objects.filter(last_name="Wróblewska90").exists()
    assert "1 people saved, 1 rows rejected" in capsys.readouterr().out


def test_command_default_worker_and_progress_bar(cast, tmp_path, capsys):
    path = tmp_path / "osoby.csv"
    path.write_bytes(csv_bytes([person_row(n, worker="") for n in (95, 96)]))
    with pytest.raises(CommandError):
        call_command("import_people", str(path), "--no-progress")
    call_command("import_people", str(path), "--responsible-worker", "pracownik2")
    assert Person.objects.filter(responsible_worker=cast.pracownik2, last_name__endswith="95").exists()
    assert "rows" in capsys.readouterr().err  # tqdm on stderr


# --- size and memory -----------------------------------------------------------------------------------


def _generated_file(tmp_path, count: int):
    path = tmp_path / f"osoby-{count}.csv"
    with open(path, "w", encoding="cp1250", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(PL_HEADER)
        for n in range(1000, 1000 + count):
            writer.writerow(list(person_row(n).values()))
    return path


def _peak_import(path, actor) -> tuple[imports.ImportResult, int]:
    tracemalloc.start()
    try:
        result = imports.import_people(path, actor=actor, batch_size=2000, mode="batch")
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_20000_row_file_is_imported_with_bounded_memory(cast, tmp_path):
    small, small_peak = _peak_import(_generated_file(tmp_path, 5000), cast.admin)
    assert small.ok and small.saved == 5000
    Person.objects.filter(created_by=cast.admin).delete()
    big, big_peak = _peak_import(_generated_file(tmp_path, 20000), cast.admin)
    assert big.ok and big.saved == 20000
    assert Person.objects.filter(created_by=cast.admin).count() == 20000
    # Four times the rows, about the same peak (a batch and its buffers): nowhere near 4x.
    assert big_peak < small_peak * 1.5, (small_peak, big_peak)
    assert big_peak < 20 * 1024 * 1024


def test_the_inlined_pesel_check_agrees_with_python_stdnum():
    import random

    from stdnum.pl import pesel

    rng = random.Random(8)
    samples = ["44051401359", "44051401358", "02381307589", "02122401358", "02211307589", "9901010000"]
    samples += [make_pesel(datetime.date(1990, 5, 17), n, n % 2 == 0) for n in range(50)]
    samples += ["".join(rng.choice("0123456789") for _ in range(11)) for _ in range(5000)]
    for value in samples:
        expected = pesel.get_birth_date(value) if pesel.is_valid(value) else None
        assert imports.pesel_birth_date(value) == expected, value


def test_cells_with_tabs_backslashes_and_line_breaks_are_stored_as_given(cast):
    header = [*PL_HEADER, "Ulica"]
    rows = [[*person_row(97).values(), "Długa\t\\5\nbis"], [*person_row(98).values(), "Krótka"]]
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows([header, *rows])
    result = run(out.getvalue().encode("utf-8"), cast.admin)
    assert result.ok, result.errors
    assert Person.objects.get(last_name="Żółkiewski97").street == "Długa\t\\5\nbis"
    assert Person.objects.get(last_name="Wróblewska98").street == "Krótka"


def test_a_pesel_of_a_birth_date_in_the_future_is_refused_with_a_polish_message(cast):
    from django.utils import translation

    # 2090-01-01: year 90, month 01 + 20 for the 2000s = 21 -> a valid checksum, a day not yet come
    unborn = make_pesel(datetime.date(2090, 1, 1), 7, female=True)
    rows = [person_row(20), person_row(21, pesel=unborn, birth_date="")]
    with translation.override("pl"):
        result = run(csv_bytes(rows), cast.admin)
    assert not result.ok and result.saved == 0 and result.rejected == 1
    [error] = result.errors
    assert (error.row, error.column) == (3, "PESEL")
    assert error.message == "Ten PESEL zawiera datę urodzenia w przyszłości (01.01.2090)."
    assert not Person.objects.filter(pesel=unborn).exists()
