"""The person's copy of their data (GDPR art. 15): everything about them, nothing of the other household
members, produced only by the manager or the administrator, and access-logged."""

import datetime
import io
import json
import re
import zipfile
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from szansa.domain.people import enums as people_enums
from szansa.lib.pdf import pdf_text
from tests.factories import (
    AttendanceFactory,
    CaseFactory,
    ConsentFactory,
    HouseholdFactory,
    IncomeRecordFactory,
    ParticipantFactory,
    PersonFactory,
    SituationFactory,
    StayFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def family(cast):
    """Celina (the person asking) and her husband Dariusz, with his own income and disability."""
    household = HouseholdFactory()
    husband = PersonFactory(
        first_name="Dariusz",
        last_name="Wierzbicki-Obcy",
        responsible_worker=cast.pracownik,
        household=household,
        household_relation=people_enums.HouseholdRelation.HEAD,
    )
    person = PersonFactory(
        first_name="Celina",
        last_name="Wierzbicka",
        responsible_worker=cast.pracownik,
        household=household,
        household_relation=people_enums.HouseholdRelation.SPOUSE,
        phone="511222333",
    )
    IncomeRecordFactory(person=husband, net_amount=Decimal("4321.09"), note="premia Dariusza")
    SituationFactory(
        person=husband,
        kind=people_enums.SituationKind.DISABILITY,
        disability_degree=people_enums.DisabilityDegree.SEVERE,
    )
    IncomeRecordFactory(person=person, net_amount=Decimal("1234.56"))
    SituationFactory(person=person, kind=people_enums.SituationKind.HOMELESSNESS, note="noclegownia")
    ConsentFactory(person=person, kind=people_enums.ConsentKind.IMAGE, given_on=D(2024, 3, 1))
    CaseFactory(
        person=person, benefit="zasiłek celowy", request_text="opał na zimę", created_by=cast.pracownik
    )
    TaskFactory(person=person, title="Wywiad u Celiny")
    participant = ParticipantFactory(person=person, employer="Piekarnia Celiny")
    environment = ParticipantFactory(
        person=husband,
        project=participant.project,
        target_group=None,
        role="environment",
        linked_to=participant,
    )
    AttendanceFactory(participant=participant)
    StayFactory(person=person)
    return person, husband, environment


def zip_content(response) -> tuple[dict, dict[str, str]]:
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        files = {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}
    return json.loads(files["data.json"]), files


def test_the_archive_holds_everything_about_the_person_across_the_apps(cast, family, client_for):
    person, _, _ = family
    response = client_for(cast.kierownik).get(reverse("privacy:subject_access_zip", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    data, files = zip_content(response)
    sections = data["sections"]
    assert sections["person"]["rows"][0]["pesel"] == person.pesel
    assert sections["person"]["rows"][0]["phone"] == "511222333"
    assert sections["household"]["rows"] == [
        {"household": person.household_id, "household_relation": "małżonek lub partner"}
    ]
    assert [r["net_amount"] for r in sections["incomes"]["rows"]] == ["1234.56"]
    assert sections["situations"]["rows"][0]["note"] == "noclegownia"
    assert sections["consents"]["rows"][0]["kind"] == "wykorzystanie wizerunku"
    assert sections["cases"]["rows"][0]["request_text"] == "opał na zimę"
    assert sections["tasks"]["rows"][0]["title"] == "Wywiad u Celiny"
    assert sections["participations"]["rows"][0]["employer"] == "Piekarnia Celiny"
    assert len(sections["attendance"]["rows"]) == 1
    assert len(sections["stays"]["rows"]) == 1
    # One CSV per section with rows, headed by the fields' labels.
    assert {"person.csv", "incomes.csv", "cases.csv", "participations.csv", "stays.csv"} <= set(files)
    header, row = (line.split(";") for line in files["incomes.csv"].splitlines())
    assert dict(zip(header, row, strict=True))["kwota netto (zł)"] == "1234.56"
    assert dict(zip(header, row, strict=True))["źródło"] == "umowa o pracę"


def test_no_other_household_member_is_in_the_archive_or_the_pdf(cast, family, client_for):
    person, husband, _ = family
    client = client_for(cast.admin)
    _, files = zip_content(client.get(reverse("privacy:subject_access_zip", args=[person.pk])))
    everything = "\n".join(files.values())
    pdf = pdf_text(client.get(reverse("privacy:subject_access_pdf", args=[person.pk])).content)
    for text in (everything, pdf):
        assert "Wierzbicki-Obcy" not in text and "Dariusz" not in text
        assert husband.pesel not in text
        assert "4321" not in text and "premia" not in text
        # His disability degree ("znaczny" as a value; the header of her own effectiveness group,
        # "…ze znacznym stopniem…", is hers).
        assert not re.search(r"\bznaczny\b", text)
    # The person's own data are all there.
    assert "Wierzbicka" in pdf and person.pesel in pdf and "1234.56" in pdf and "noclegownia" in pdf


def test_the_copy_is_access_logged(cast, family, client_for):
    person, _, _ = family
    client_for(cast.kierownik).get(reverse("privacy:subject_access_pdf", args=[person.pk]))
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, object_id=person.pk).latest("timestamp")
    assert entry.actor == cast.kierownik
    assert entry.additional_data["route"] == "privacy:subject_access_pdf"
    assert "art. 15" in entry.additional_data["reason"]


@pytest.mark.parametrize("who", ["pracownik", "koordynator", "referent", "audytor", "specjalista"])
def test_only_the_manager_or_the_administrator_produces_the_copy(cast, family, client_for, who):
    person, _, _ = family
    client = client_for(getattr(cast, who))
    for name in ("privacy:subject_access_pdf", "privacy:subject_access_zip"):
        assert client.get(reverse(name, args=[person.pk])).status_code in (403, 404)
    assert not LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, additional_data__route__startswith="privacy:subject_access"
    ).exists()
