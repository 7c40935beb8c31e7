"""import_people's three ways of writing give the same answer: COPY of a batch checked on the unique
index first (file mode on PostgreSQL, OPTIMISTIC_COPY), COPY of a batch looked up first, and
bulk_create of Person instances (other databases). Same errors, counts and stored rows; a rejected
row leaves nothing written."""

import datetime
import io

import pytest

from szansa.domain.people import imports
from szansa.domain.people.models import Person, normalise_name
from tests.factories.people import PL_HEADER, make_pesel, person_row

HEADER = [*PL_HEADER, "Płeć", "Obywatelstwo", "Telefon", "E-mail", "Ulica", "Nr lokalu", "Województwo"]
HEADER += ["Wykształcenie", "Rodzaj dokumentu", "Numer dokumentu"]


def row(n: int, **changes) -> dict:
    """Every column of HEADER; person_row(n) is valid (its PESEL matches its birth date)."""
    values = person_row(n) | {
        "sex": "",
        "citizenship": "PL",
        "phone": f"+48 600 100 {n:03d}",
        "email": f"osoba{n}@example.org",
        "street": "Krakowska",
        "flat_number": str(n % 7),
        "voivodeship": "12",
        "education": "3",
        "document_type": "",
        "document_number": "",
    }
    values.update(changes)
    return values


def content(rows) -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADER)
    writer.writerows(list(r.values()) for r in rows)
    return out.getvalue().encode("utf-8")


PATHS = ("copy, unique index first", "copy, lookup first", "bulk_create")


def use_path(monkeypatch, path: str) -> None:
    monkeypatch.setattr(imports, "OPTIMISTIC_COPY", path == PATHS[0])
    if path == PATHS[2]:
        monkeypatch.setattr(imports, "_writes_with_copy", lambda: False)


def run(data: bytes, actor, **kwargs):
    return imports.import_people(io.BytesIO(data), actor=actor, name="osoby.csv", batch_size=4, **kwargs)


def mixed_file(cast) -> tuple[bytes, list[tuple[int, str]]]:
    """Valid rows and one row of every kind of error, four rows a batch (file row = index + 2).
    Returns the file and the (row, column) of the errors expected, worked out row by row below."""
    r2, r4 = row(2), row(4)
    registered = cast.person_a
    wrong_check = r2["pesel"][:-1] + str((int(r2["pesel"][-1]) + 1) % 10)
    rows = [
        # batch 1 (rows 2-5): all valid; row 3 has no PESEL but a passport, a birth date and a sex
        r2,
        row(3, pesel="", sex="K", document_type="paszport", document_number="AB100"),
        r4,
        row(5),
        # batch 2 (rows 6-9): every row passes the checks without the database, so on the first path
        # it goes to COPY unlooked and the unique index refuses it; row 8 is a registered person's
        # PESEL, row 9 the PESEL of row 2 (an earlier batch, already written in the transaction)
        row(6),
        row(7),
        row(8, pesel=registered.pesel, birth_date=f"{registered.birth_date:%d.%m.%Y}"),
        row(9, pesel=r2["pesel"], birth_date=r2["birth_date"]),
        # batch 3 (rows 10-13)
        row(10, pesel=wrong_check, birth_date=r2["birth_date"]),  # the check digit is off by one
        row(11, postal_code="34120x"),  # not NN-NNN nor five digits
        row(12, birth_date="01.01.1999"),  # PESEL says 1950
        row(13, worker="nieznany"),  # no such social worker
        # batch 4 (rows 14-17)
        row(14, email="nie-adres"),  # no @
        row(15, sex="K"),  # an odd 10th PESEL digit: a man
        row(16, pesel="", birth_date=""),  # no PESEL: needs a document, a birth date and a sex
        row(17, pesel="", sex="M", document_type="paszport", document_number="AB100"),  # row 3's passport
        # batch 5 (rows 18-21)
        row(18, citizenship="marsjańskie"),  # not an accepted value
        row(19, voivodeship="99"),  # no such voivodeship
        row(20, pesel=make_pesel(datetime.date(2090, 1, 1), 7, female=True), birth_date=""),  # not born yet
        row(21),  # valid
        # batch 6 (rows 22-25): after the first error every batch is looked up before it is written
        row(22),  # valid
        row(23, pesel=r4["pesel"], birth_date=r4["birth_date"]),  # row 4's PESEL, an earlier batch
        row(24, last_name="X" * 300),  # longer than the column
        row(25, town=""),  # a required column left empty
    ]
    expected = [
        (8, "PESEL"),
        (9, "PESEL"),
        (10, "PESEL"),
        (11, "Kod pocztowy"),
        (12, "Data urodzenia"),
        (13, "Pracownik"),
        (14, "E-mail"),
        (15, "Płeć"),
        (16, "PESEL"),
        (16, "Data urodzenia"),
        (16, "Płeć"),
        (17, "Numer dokumentu"),
        (18, "Obywatelstwo"),
        (19, "Województwo"),
        (20, "PESEL"),
        (23, "PESEL"),
        (24, "Nazwisko"),
        (25, "Miejscowość"),
    ]
    return content(rows), expected


@pytest.mark.parametrize("path", PATHS)
def test_every_kind_of_error_is_reported_alike_and_nothing_is_written(cast, monkeypatch, path):
    from django.utils import translation

    data, expected = mixed_file(cast)
    use_path(monkeypatch, path)
    lookups = []
    real_registered = imports._registered
    monkeypatch.setattr(
        imports, "_registered", lambda pesels: lookups.append(set(pesels)) or real_registered(pesels)
    )
    before = Person.objects.count()
    with translation.override("en"):
        result = run(data, cast.admin)
    assert [(e.row, e.column) for e in result.errors] == expected
    # 24 rows; 16 rejected (one per error row above); the 8 valid ones (2-7, 21, 22) are not saved.
    assert (result.rows, result.saved, result.rejected, result.not_saved) == (24, 0, 16, 8)
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert messages[(8, "PESEL")] == "A person with this PESEL is already in the registry."
    assert messages[(9, "PESEL")] == "The same PESEL is in an earlier row of this file."
    assert messages[(23, "PESEL")] == "The same PESEL is in an earlier row of this file."
    assert (
        messages[(17, "Numer dokumentu")]
        == "A person with this identity document is already in the registry."
    )
    # All or nothing: rows 2-7 were written in the transaction, and rolled back with it.
    assert Person.objects.count() == before
    assert not Person.objects.filter(other_id_number="AB100").exists()
    if path == PATHS[0]:
        # Batch 1 went to COPY without a lookup; batch 2 was looked up once the index refused it.
        assert lookups[0] == {row(6)["pesel"], row(7)["pesel"], cast.person_a.pesel, row(2)["pesel"]}
        assert len(lookups) == 5  # batches 2-6
    else:
        assert lookups[0] == {row(2)["pesel"], row(4)["pesel"], row(5)["pesel"]}  # batch 1
        assert len(lookups) == 6  # every batch


def test_the_three_paths_give_the_same_results_and_error_lists(cast, monkeypatch):
    data, _expected = mixed_file(cast)
    answers = []
    for path in PATHS:
        with monkeypatch.context() as patch:
            use_path(patch, path)
            result = run(data, cast.admin)
        answers.append((result.rows, result.saved, result.rejected, result.not_saved, result.errors))
    assert answers[0] == answers[1] == answers[2]


def test_a_registered_pesel_in_the_last_clean_batch_rolls_the_whole_file_back(cast):
    rows = [row(n) for n in range(30, 38)]
    # batches 1 (rows 2-5) and 2 (rows 6-9) are written unlooked; row 9 is a registered person's
    rows[7] = row(37, pesel=cast.person_b.pesel, birth_date=f"{cast.person_b.birth_date:%d.%m.%Y}")
    before = Person.objects.count()
    result = run(content(rows), cast.admin)
    assert (result.rows, result.saved, result.rejected, result.not_saved) == (8, 0, 1, 7)
    assert [(e.row, e.column) for e in result.errors] == [(9, "PESEL")]
    assert Person.objects.count() == before
    assert not Person.objects.filter(last_name="Wróblewska30").exists()


# Every column but the key and the two timestamps (compared apart: one import, one time).
STORED = [f.attname for f in Person._meta.concrete_fields if f.name not in ("id", "created_at", "updated_at")]


PESEL_2003 = make_pesel(datetime.date(2003, 4, 5), 1, female=True)


def stored_rows(actor) -> list[dict]:
    return list(Person.objects.filter(created_by=actor).order_by("last_name").values(*STORED))


def test_copy_and_bulk_create_store_the_same_rows(cast, monkeypatch):
    rows = [
        row(40),
        row(41, first_name="Jan  Maria", last_name="Źdźbło-Ćwik"),  # two spaces and diacritics
        row(42, street="Długa\t\\5\nbis", flat_number=""),  # COPY's escapes
        row(43, pesel="", sex="K", document_type="dowód osobisty", document_number="ABC123456"),
        # a spreadsheet dropped the leading zero of a PESEL of 2003 (kept as a number)
        row(44, pesel=PESEL_2003[1:], birth_date="05.04.2003", citizenship="ue", voivodeship="małopolskie"),
        row(45, education="", phone="", email="", sex="m", worker=""),  # default worker below
        row(46, first_name="Ǆemal", last_name="Σίσυφος"),  # letters folding may change
    ]
    data = content(rows)
    answers = []
    for path in (PATHS[0], PATHS[2]):
        with monkeypatch.context() as patch:
            use_path(patch, path)
            result = run(data, cast.admin, default_worker="pracownik2")
        assert result.ok and result.saved == len(rows), result.errors
        answers.append(stored_rows(cast.admin))
        stamps = set(Person.objects.filter(created_by=cast.admin).values_list("created_at", "updated_at"))
        assert len(stamps) == 1 and len({*stamps.pop()}) == 1  # one import, one timestamp for both
        Person.objects.filter(created_by=cast.admin).delete()
    assert answers[0] == answers[1]
    by_name = {r["last_name"]: r for r in answers[0]}
    # What Person.save() would have set: the folded search key, no empty PESEL (NULL).
    for stored in answers[0]:
        assert stored["search_text"] == normalise_name(f"{stored['last_name']} {stored['first_name']}")
    assert by_name["Źdźbło-Ćwik"]["search_text"] == "zdzblo-cwik jan maria"
    assert by_name["Wróblewska42"]["street"] == "Długa\t\\5\nbis"
    assert by_name["Żółkiewski43"]["pesel"] is None
    assert by_name["Żółkiewski43"]["other_id_type"] == "id_card"
    assert by_name["Wróblewska44"]["pesel"] == PESEL_2003  # the dropped leading zero restored
    assert by_name["Wróblewska44"]["citizenship"] == "EU"
    assert by_name["Żółkiewski45"]["responsible_worker_id"] == cast.pracownik2.pk


@pytest.mark.parametrize(
    "last, first",
    [
        ("Żółkiewski", "Łukasz"),
        ("Nowak", "  Anna\u00a0Maria "),  # a no-break space between the names
        ("Σίσυφος", "ΟΔΥΣΣΕΑΣ"),  # Greek final sigma depends on the next letter
        ("\u0301", "Jan"),  # a lone combining accent folds to nothing
        ("ǅ", "ﬁlip"),  # compatibility letters that decompose into two
    ],
)
def test_the_search_key_folded_per_name_is_the_folded_full_name(last, first):
    joined = " ".join(filter(None, (imports._fold_name(last), imports._fold_name(first))))
    assert joined == normalise_name(f"{last} {first}")
