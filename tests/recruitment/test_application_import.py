"""Import of applications from CSV/XLSX: every row checked, all saved or none, a per-row report."""

import io

import pytest
from openpyxl import Workbook

from szansa.domain.recruitment.application_imports import HEADERS, import_applications
from szansa.domain.recruitment.models import Application, ApplicationDocument

pytestmark = pytest.mark.django_db


def csv_bytes(*rows) -> bytes:
    lines = [";".join(HEADERS), *(";".join(row) for row in rows)]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def test_a_valid_csv_saves_every_application_with_its_documents(cast, round_):
    content = csv_bytes(
        (cast.person_a.pesel, "20.01.2019", "osobiście", "participation_declaration", "pierwsza"),
        (cast.person_b.pesel, "2019-01-21", "email", "", ""),
    )
    result = import_applications(actor=cast.koordynator, round=round_, content=content, format="csv")
    assert result.ok, [str(e) for e in result.errors]
    assert Application.objects.filter(round=round_).count() == 2
    first = Application.objects.get(person=cast.person_a)
    assert first.channel == "in_person" and first.note == "pierwsza"
    assert list(
        ApplicationDocument.objects.filter(application=first).values_list("kind__code", flat=True)
    ) == ["participation_declaration"]


def test_a_file_with_one_bad_row_saves_nothing_and_names_the_row(cast, round_):
    content = csv_bytes(
        (cast.person_a.pesel, "20.01.2019", "osobiście", "", ""),
        ("44051401358", "32.01.2019", "gołębiem", "nieznany", ""),
        (cast.person_a.pesel, "22.01.2019", "email", "", ""),
    )
    result = import_applications(actor=cast.koordynator, round=round_, content=content, format="csv")
    assert not result.ok
    assert {(e.row, e.column) for e in result.errors} == {
        (3, "PESEL"),
        (3, "Data zgłoszenia"),
        (3, "Kanał"),
        (3, "Dokumenty"),
        (4, "PESEL"),
    }
    assert not Application.objects.exists()


def test_a_date_outside_the_round_is_refused_by_the_service_and_nothing_is_saved(cast, round_):
    content = csv_bytes(
        (cast.person_a.pesel, "20.01.2019", "email", "", ""),
        (cast.person_b.pesel, "20.03.2019", "email", "", ""),
    )
    result = import_applications(actor=cast.koordynator, round=round_, content=content, format="csv")
    assert [e.row for e in result.errors] == [3]
    assert not Application.objects.exists()


def test_xlsx_works_and_wrong_columns_are_reported(cast, round_):
    workbook = Workbook()
    workbook.active.append(HEADERS)
    workbook.active.append([cast.person_a.pesel, "20.01.2019", "pocztą", None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_applications(
        actor=cast.koordynator, round=round_, content=buffer.getvalue(), format="xlsx"
    )
    assert result.ok and Application.objects.get().channel == "post"
    bad = import_applications(actor=cast.koordynator, round=round_, content=b"Imie;PESEL\r\n", format="csv")
    assert [e.row for e in bad.errors] == [0]


def test_channels_are_read_in_either_language_whatever_language_is_active(cast, round_):
    from django.utils import translation

    content = csv_bytes(
        (cast.person_a.pesel, "20.01.2019", "osobiście", "", ""),
        (cast.person_b.pesel, "21.01.2019", "by post", "", ""),
    )
    with translation.override("en"):
        result = import_applications(actor=cast.koordynator, round=round_, content=content, format="csv")
    assert result.ok, [str(e) for e in result.errors]
    assert sorted(Application.objects.values_list("channel", flat=True)) == ["in_person", "post"]


def test_only_those_who_manage_the_recruitment_may_import(cast, round_):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_applications(actor=cast.audytor, round=round_, content=csv_bytes(), format="csv")


def test_the_command_imports_a_file_or_saves_nothing(cast, round_, tmp_path):
    from django.core.management import CommandError, call_command

    good = tmp_path / "zgloszenia.csv"
    good.write_bytes(csv_bytes((cast.person_a.pesel, "20.01.2019", "email", "", "")))
    call_command("import_applications", str(round_.pk), str(good), user="koordynator")
    assert Application.objects.count() == 1
    bad = tmp_path / "zle.csv"
    bad.write_bytes(csv_bytes((cast.person_b.pesel, "2019-13-01", "email", "", "")))
    with pytest.raises(CommandError, match="Nothing saved"):
        call_command("import_applications", str(round_.pk), str(bad), user="koordynator")
    assert Application.objects.count() == 1


def test_the_board_page_imports_a_file_and_shows_the_row_report(cast, round_, client_for):
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client = client_for(cast.koordynator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("recruitment:round_import", args=[round_.pk])
    bad = SimpleUploadedFile("z.csv", csv_bytes((cast.person_a.pesel, "99.99.2019", "email", "", "")))
    page = client.post(url, {"file": bad}).content.decode()
    assert "Nothing was saved" in page and "row 2" in page
    assert not Application.objects.exists()
    wrong_type = SimpleUploadedFile("z.pdf", b"%PDF")
    assert "Choose an .xlsx or .csv file." in client.post(url, {"file": wrong_type}).content.decode()
    good = SimpleUploadedFile("z.csv", csv_bytes((cast.person_a.pesel, "20.01.2019", "email", "", "")))
    assert client.post(url, {"file": good}).status_code == 302
    assert Application.objects.count() == 1
    assert client_for(cast.audytor).get(url).status_code == 403
