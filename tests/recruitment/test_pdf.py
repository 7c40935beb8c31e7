"""Recruitment documents: the participation declaration, the GDPR clause and consent and the
statement of eligibility name the person, the project and the criteria evaluated, print as PDF, and
every download is access-logged on the person; the ranking and waiting list of a round print as PDF
and export as XLSX, scoped to the people the user may see."""

import datetime
import io
from decimal import Decimal

import pytest
import weasyprint
from auditlog.models import LogEntry
from django.conf import settings
from django.utils import translation
from openpyxl import load_workbook

from szansa.domain.recruitment import services
from szansa.domain.recruitment.models import Participant
from szansa.web.recruitment import pdf
from tests.factories import IncomeRecordFactory, PersonFactory
from tests.factories.recruitment import DECEMBER, ON, add_rule, add_scoring, document_kind, with_consent

TODAY = datetime.date(2019, 2, 5)
START = datetime.date(2019, 3, 1)


@pytest.fixture
def rules(target_group):
    add_rule(target_group, resident_gmina={"gmina": "Andrychów"}, income={})
    add_scoring(target_group, "revitalisation_area", 3)


def apply(cast, round_, person, amount="612.40"):
    IncomeRecordFactory(person=person, month=DECEMBER, net_amount=Decimal(amount))
    application = services.application_submit(
        actor=cast.koordynator,
        person=with_consent(person),
        round=round_,
        submitted_on=datetime.date(2019, 1, 20),
        channel="in_person",
    )
    for code in ("residence_statement", "income_statement"):
        services.document_receive(
            actor=cast.koordynator,
            application=application,
            kind=document_kind(code),
            received_on=datetime.date(2019, 1, 20),
        )
    return application


@pytest.fixture
def application(cast, round_, rules):
    person = cast.person_a
    person.first_name, person.last_name = "Łucja", "Żółkiewska"
    person.save()
    return apply(cast, round_, person)


def _client(client_for, user):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _reads(person):
    return LogEntry.objects.filter(
        object_pk=str(person.pk), action=LogEntry.Action.ACCESS, content_type__model="person"
    )


def test_the_declaration_names_the_person_the_project_and_the_target_group(cast, application, project):
    with translation.override("en"):
        html = pdf.declaration_html(application, today=TODAY)
    assert "PARTICIPATION DECLARATION" in html
    assert "Łucja Żółkiewska" in html and application.person.pesel in html
    assert project.title in html and project.number in html
    assert "2019: Osoby zagrożone" in html and "Nabór I" in html
    assert "Start of participation" not in html  # not enrolled yet


def test_the_declaration_of_an_enrolled_participant_gives_the_start_date(cast, application, round_):
    services.application_verify(actor=cast.koordynator, application=application, on=ON)
    services.round_rank(actor=cast.koordynator, round=round_)
    services.round_enrol(actor=cast.koordynator, round=round_, start_date=START)
    assert Participant.objects.filter(application=application).exists()
    with translation.override("en"):
        html = pdf.declaration_html(application, today=TODAY)
    assert "Start of participation" in html and "1 Mar 2019" in html


def test_the_gdpr_clause_names_the_person_the_project_and_asks_for_consent(application, project):
    with translation.override("en"):
        html = pdf.gdpr_html(application, today=TODAY)
    assert "INFORMATION CLAUSE" in html and "CONSENT" in html
    assert "I, Łucja Żółkiewska, consent" in html
    assert project.title in html and project.beneficiary in html


def test_the_statement_lists_the_criteria_evaluated_with_their_reasons(cast, application, project):
    services.application_verify(actor=cast.koordynator, application=application, on=ON)
    application.refresh_from_db()
    with translation.override("en"):  # the reasons are translated when the statement is printed
        html = pdf.eligibility_html(application, today=TODAY)
    assert "STATEMENT OF ELIGIBILITY" in html and "Łucja Żółkiewska" in html and project.title in html
    for row in application.results:
        assert row["names"]["en"] in html
    assert "income per person 612.40 zł ≤ criterion 701.00 zł (Dec 2018)" in html
    assert "Criteria evaluated on 1 Feb 2019" in html
    assert "Scoring criteria" in html


def test_the_statement_before_verification_evaluates_on_the_day(application):
    with translation.override("en"):
        html = pdf.eligibility_html(application, today=TODAY)
    assert "Criteria evaluated on 5 Feb 2019" in html
    assert "income per person 612.40 zł" in html


def test_the_documents_are_pdfs(application):
    for build in (pdf.declaration_html, pdf.gdpr_html, pdf.eligibility_html):
        html = build(application, today=TODAY)
        assert pdf.render_pdf(html).startswith(b"%PDF")
        # The font with the Polish letters is the one embedded (checked in an uncompressed copy).
        assert b"+DejaVu-Sans" in weasyprint.HTML(string=html).write_pdf(uncompressed_pdf=True)


@pytest.mark.parametrize("kind", ["declaration", "gdpr", "eligibility"])
def test_a_download_is_a_pdf_with_a_file_name_and_is_access_logged(client_for, cast, application, kind):
    response = _client(client_for, cast.koordynator).get(
        f"/rekrutacja/dokumenty/zgloszenie/{application.pk}/{kind}.pdf"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert f"-zolkiewska-{application.pk}.pdf" in response["Content-Disposition"]
    [entry] = _reads(application.person)
    assert entry.actor == cast.koordynator
    assert entry.additional_data == {
        "route": "recruitment_documents:application_document",
        "what": f"application {application.pk} {kind}",
        "person_id": application.person.pk,
    }


def test_a_document_outside_the_scope_is_not_found_and_not_logged(client_for, cast, application):
    response = _client(client_for, cast.pracownik2).get(
        f"/rekrutacja/dokumenty/zgloszenie/{application.pk}/declaration.pdf"
    )
    assert response.status_code == 404
    assert not _reads(application.person).exists()


def test_an_unknown_document_is_not_found(client_for, cast, application):
    response = _client(client_for, cast.koordynator).get(
        f"/rekrutacja/dokumenty/zgloszenie/{application.pk}/other.pdf"
    )
    assert response.status_code == 404


# --- ranking ------------------------------------------------------------------------------------------------


@pytest.fixture
def ranked_round(cast, round_, rules, target_group):
    target_group.planned_total = 1
    target_group.save()
    first = cast.person_a
    first.revitalisation_area = True
    first.save()
    people = [
        first,
        cast.person_b,
        PersonFactory(first_name="Świętosław", responsible_worker=cast.pracownik2),
    ]
    applications = [apply(cast, round_, person) for person in people]
    for application in applications:
        services.application_verify(actor=cast.koordynator, application=application, on=ON)
    services.round_rank(actor=cast.koordynator, round=round_)
    services.round_enrol(actor=cast.koordynator, round=round_, start_date=START)
    return round_


def test_the_ranking_pdf_lists_the_ranking_and_the_waiting_list(ranked_round, cast):
    ranking, waiting = pdf.ranking_lists(ranked_round)
    assert [row[0] for row in ranking] == [1, 2, 3] and [row[0] for row in waiting] == [2, 3]
    with translation.override("en"):
        html = pdf.ranking_html(ranked_round, ranking, waiting, today=TODAY)
    assert "RANKING LIST" in html and "Waiting list" in html and "Nabór I" in html
    assert "Świętosław" in html and cast.person_a.full_name in html
    assert "the earlier application, then the lower income per person" in html
    assert pdf.render_pdf(html).startswith(b"%PDF")


def test_the_ranking_xlsx_has_a_sheet_per_list(client_for, cast, ranked_round):
    response = _client(client_for, cast.koordynator).get(
        f"/rekrutacja/dokumenty/nabor/{ranked_round.pk}/ranking.xlsx"
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Ranking list", "Waiting list"]
    rows = list(workbook["Ranking list"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Position", "First name and surname", "Application no.", "Score")
    assert [row[0] for row in rows[1:]] == [1, 2, 3]
    assert rows[1][1] == cast.person_a.full_name and rows[1][3] == 3
    assert [row[0] for row in list(workbook["Waiting list"].iter_rows(values_only=True))[1:]] == [2, 3]


def test_a_social_worker_downloads_the_ranking_of_their_people_only(client_for, cast, ranked_round):
    response = _client(client_for, cast.pracownik2).get(
        f"/rekrutacja/dokumenty/nabor/{ranked_round.pk}/ranking.xlsx"
    )
    rows = list(load_workbook(io.BytesIO(response.content))["Ranking list"].iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [2, 3]


def test_the_ranking_pdf_downloads_and_outside_the_scope_is_not_found(client_for, cast, ranked_round):
    response = _client(client_for, cast.koordynator).get(
        f"/rekrutacja/dokumenty/nabor/{ranked_round.pk}/ranking.pdf"
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "lista-rankingowa-nabor-i-" in response["Content-Disposition"]
    outsider = _client(client_for, cast.specjalista)
    assert outsider.get(f"/rekrutacja/dokumenty/nabor/{ranked_round.pk}/ranking.pdf").status_code == 404
