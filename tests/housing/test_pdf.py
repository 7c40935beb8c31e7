"""PDF documents of a stay: the referral decision draft, the stay agreement and the monthly fee
statement are PDFs with file names, built from HTML that names the resident and the key figures;
every download is access-logged on the person."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from szansa.domain.housing import services
from szansa.domain.housing.selectors import arrears
from szansa.web.housing import pdf
from tests.factories import IncomeRecordFactory
from tests.factories.housing import refer

D = datetime.date
TODAY = D(2024, 4, 2)


@pytest.fixture
def stay(cast, places, resident):
    resident.first_name, resident.last_name = "Łucja", "Żółkiewska"
    resident.save()
    IncomeRecordFactory(person=resident, month=D(2024, 3, 1), net_amount=Decimal("1000.00"))
    return refer(cast.admin, resident, places[0], D(2024, 3, 1), D(2024, 12, 31))


@pytest.fixture
def statement(cast, stay):
    march = services.statement_generate(actor=cast.referent, stay=stay, month=D(2024, 3, 1))
    return services.payment_record(actor=cast.referent, statement=march, amount=Decimal("30.00"), on=TODAY)


def _client(client_for, user):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _reads(person):
    return LogEntry.objects.filter(
        object_pk=str(person.pk), action=LogEntry.Action.ACCESS, content_type__model="person"
    )


def test_the_decision_draft_names_the_parties_legal_basis_place_period_and_fee(stay):
    with translation.override("en"):
        html = pdf.decision_html(stay, today=TODAY)
    assert "Łucja Żółkiewska" in html and "DRAFT" in html
    assert "Art. 53" in html and "art. 97" in html
    assert "Pokój 1, Miejsce 1" in html and "1 Mar 2024" in html and "31 Dec 2024" in html
    assert "100.00 zł a month" in html  # 10 % of 1000 zł (band 100-150 % of 776 zł)
    assert "Uchwała Rady Miejskiej w Andrychowie" in html


def test_the_agreement_names_the_resident_the_place_and_the_fee(stay):
    with translation.override("en"):
        html = pdf.agreement_html(stay, today=TODAY)
    assert "Łucja Żółkiewska" in html and stay.decision_number in html
    assert "ul. Krakowska 12/3, 34-120 Andrychów" in html and "100.00 zł a month" in html


def test_the_statement_shows_the_figures_of_the_month_and_the_arrears(stay, statement):
    with translation.override("en"):
        html = pdf.statement_html(statement, arrears=arrears(stay), today=TODAY)
    assert "Łucja Żółkiewska" in html and "03.2024" in html
    for figure in ("1,000.00 zł", "776.00 zł", "100.00 zł", "30.00 zł", "70.00 zł"):
        assert figure in html


@pytest.mark.parametrize("name", ["decision_pdf", "agreement_pdf"])
def test_the_social_worker_downloads_the_decision_and_agreement_as_logged_pdfs(cast, client_for, stay, name):
    before = _reads(stay.person).count()
    response = _client(client_for, cast.pracownik).get(reverse(f"housing:{name}", args=[stay.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"%PDF")
    prefix = "decyzja-skierowanie" if name == "decision_pdf" else "umowa-pobytu"
    assert response["Content-Disposition"] == f'attachment; filename="{prefix}-zolkiewska-{stay.pk}.pdf"'
    entries = _reads(stay.person)
    assert entries.count() == before + 1
    entry = entries.latest("timestamp")
    assert entry.actor == cast.pracownik
    what = "decision" if name == "decision_pdf" else "agreement"
    assert entry.additional_data == {
        "route": f"housing:{name}",
        "what": f"stay {stay.pk} {what}",
        "person_id": stay.person.pk,
    }


def test_the_clerk_downloads_a_monthly_statement(cast, client_for, stay, statement):
    url = reverse("housing:statement_pdf", args=[stay.pk, statement.pk])
    response = _client(client_for, cast.referent).get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert f"oplata-zolkiewska-{stay.pk}-2024-03.pdf" in response["Content-Disposition"]
    assert (
        _reads(stay.person)
        .filter(
            actor=cast.referent,
            additional_data={
                "route": "housing:statement_pdf",
                "what": f"stay {stay.pk} statement 2024-03",
                "person_id": stay.person.pk,
            },
        )
        .exists()
    )


def test_a_carer_may_not_download_fee_documents_and_another_team_does_not_find_them(
    cast, client_for, stay, statement, carer
):
    carer_client = _client(client_for, carer)
    assert carer_client.get(reverse("housing:decision_pdf", args=[stay.pk])).status_code == 403
    assert carer_client.get(reverse("housing:statement_pdf", args=[stay.pk, statement.pk])).status_code == 403
    other = _client(client_for, cast.pracownik2)
    assert other.get(reverse("housing:agreement_pdf", args=[stay.pk])).status_code == 404
    assert not _reads(stay.person).filter(actor__in=[carer, cast.pracownik2]).exists()


def test_a_statement_of_another_stay_is_not_found(cast, client_for, stay, statement, places):
    other = refer(cast.admin, cast.person_a, places[1], D(2024, 3, 1), D(2024, 12, 31))
    url = reverse("housing:statement_pdf", args=[other.pk, statement.pk])
    assert _client(client_for, cast.referent).get(url).status_code == 404
