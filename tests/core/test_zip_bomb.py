"""Uploads (issue 13): a small XLSX that would unpack to gigabytes (a zip bomb) is refused by the one
upload reader, szansa.lib.tabular, before openpyxl opens it, with a Polish message and within bounded
memory; the people import and the upload form say why."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from szansa.domain.people import imports
from szansa.domain.people.models import Person
from szansa.lib import tabular
from szansa.web.people.imports import ImportPeopleForm

GIB = 1 << 30


def _honest_workbook() -> bytes:
    workbook = Workbook()
    workbook.active.append(["imię", "nazwisko", "PESEL"])
    workbook.active.append(["Anna", "Nowak", "80051712345"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _bomb(member: str, size: int) -> bytes:
    """An honest workbook whose `member` is replaced by `size` bytes of XML that compress ~1000:1."""
    honest = zipfile.ZipFile(io.BytesIO(_honest_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in honest.infolist():
            if info.filename != member:
                bomb.writestr(info.filename, honest.read(info.filename))
        head, tail = (
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>',
            b"</t></si></sst>",
        )
        if member.startswith("xl/worksheets/"):
            head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            tail = b"</sheetData></worksheet>"
        filler = (b"A" if "shared" in member else b"<row/>") * (1 << 20)
        with bomb.open(member, "w") as stream:
            stream.write(head)
            written = len(head) + len(tail)
            while written + len(filler) <= size:
                stream.write(filler)
                written += len(filler)
            stream.write(tail)
    return out.getvalue()


@pytest.fixture(scope="module")
def strings_bomb():
    return _bomb("xl/sharedStrings.xml", GIB)


@pytest.fixture(scope="module")
def sheet_bomb():
    return _bomb("xl/worksheets/sheet1.xml", GIB)


def test_the_bombs_are_small_files_of_huge_unpacked_size(strings_bomb, sheet_bomb):
    for data in (strings_bomb, sheet_bomb):
        assert len(data) < 3 * (1 << 20)  # ~1 MB (deflate packs 1 GiB of one byte into ~1 MB)
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
        assert unpacked > 1_000_000_000  # a gigabyte unpacked


def test_an_honest_workbook_is_read(settings):
    table = tabular.open_table(_honest_workbook(), "ludzie.xlsx")
    assert table.header == ["imię", "nazwisko", "PESEL"]
    assert list(table.rows) == [["Anna", "Nowak", "80051712345"]]


@pytest.mark.parametrize("bomb", ["strings_bomb", "sheet_bomb"])
def test_a_zip_bomb_is_refused_with_a_polish_message_within_bounded_memory(bomb, request):
    data = request.getfixturevalue(bomb)
    tracemalloc.start()
    try:
        with translation.override("pl"), pytest.raises(tabular.UnreadableFile) as refused:
            table = tabular.open_table(io.BytesIO(data), "ludzie.xlsx")
            list(table.rows)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    message = " ".join(refused.value.messages)
    assert message.startswith("Plik odrzucono") and "bomba" in message
    assert refused.value.code == "too_big"
    # Only the zip directory was read: far below the unpacked gigabyte (generous bound: 20 MB, of it
    # the ~1 MB file itself).
    assert peak < 20 * (1 << 20), peak


def test_the_ratio_limit_refuses_a_member_compressed_beyond_an_honest_workbook(settings):
    settings.UPLOAD_XLSX_MAX_UNCOMPRESSED = 10 * GIB  # the total alone would let it pass
    data = _bomb("xl/worksheets/sheet1.xml", 64 << 20)  # 64 MiB of "<row/>": ratio ~1000
    with translation.override("en"), pytest.raises(tabular.UnreadableFile) as refused:
        tabular.open_table(data, "a.xlsx")
    assert "compressed more than 100 times" in refused.value.messages[0]


def test_the_people_import_reports_the_refusal_and_saves_nothing(db, cast, strings_bomb):
    before = Person.objects.count()
    with translation.override("pl"):
        result = imports.import_people(io.BytesIO(strings_bomb), actor=cast.admin, name="ludzie.xlsx")
    assert result.file_error.startswith("Plik odrzucono") and result.saved == 0
    assert Person.objects.count() == before


def test_the_upload_form_refuses_the_bomb_at_once(db, strings_bomb):
    upload = SimpleUploadedFile("ludzie.xlsx", strings_bomb)
    with translation.override("pl"):
        form = ImportPeopleForm(data={"mode": "file"}, files={"file": upload})
        assert not form.is_valid()
    assert form.errors["file"][0].startswith("Plik odrzucono")
