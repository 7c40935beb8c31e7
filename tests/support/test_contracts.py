"""The social contract (art. 108): concluded by a social worker for a period, evaluated once, printed for
signature with the parts of its variant."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from szansa.domain.support import enums
from szansa.domain.support.plans import selectors as plan_selectors
from szansa.domain.support.plans import services as plan_services
from szansa.lib.pdf import pdf_text, render_pdf
from szansa.web.support.pdf import plans as pdf_plans
from tests.factories.support import conclude

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """These tests read messages and printed text in English (the catalogue's source language)."""
    with translation.override("en"):
        yield


D = datetime.date


def test_a_social_worker_concludes_and_evaluates_a_contract(cast, participant):
    contract = conclude(cast, participant)
    assert contract.status == enums.ContractStatus.IN_FORCE
    assert contract.lines(contract.goals) == ["Podjęcie pracy", "Uregulowanie zadłużenia"]
    plan_services.contract_evaluate(
        actor=cast.pracownik,
        contract=contract,
        on=D(2019, 9, 2),
        status=enums.ContractStatus.FULFILLED,
        evaluation="Cele osiągnięte",
    )
    contract.refresh_from_db()
    assert (contract.status, contract.evaluated_on) == (enums.ContractStatus.FULFILLED, D(2019, 9, 2))
    with pytest.raises(ValidationError, match="closed"):
        plan_services.contract_evaluate(
            actor=cast.pracownik, contract=contract, on=D(2019, 9, 3), status="broken", evaluation="x"
        )


def test_the_worker_must_be_a_social_worker_and_the_end_not_before_the_start(cast, participant):
    with pytest.raises(ValidationError) as error:
        conclude(cast, participant, worker=cast.specjalista, ends_on=D(2019, 1, 31), goals=" ")
    assert {"worker", "ends_on", "goals"} <= set(error.value.message_dict)


def test_a_contract_number_is_unique(cast, participants):
    conclude(cast, participants[0])
    with pytest.raises(ValidationError, match="already exists"):
        conclude(cast, participants[1], person=participants[1].person)


def test_who_may_conclude(cast, participant):
    for user in (cast.audytor, cast.pracownik2, cast.specjalista, cast.referent):
        with pytest.raises(PermissionDenied):
            conclude(cast, participant, actor=user)
    assert conclude(cast, participant, actor=cast.koordynator).worker == cast.pracownik


def test_a_contract_outside_a_project_is_concluded_by_the_persons_team(cast):
    contract = plan_services.contract_conclude(
        actor=cast.pracownik,
        person=cast.person_a,
        number="KS/2024/7",
        variant=enums.ContractVariant.A,
        worker=cast.pracownik,
        concluded_on=D(2024, 3, 1),
        starts_on=D(2024, 3, 1),
        ends_on=D(2024, 6, 30),
        goals="Cel",
        client_obligations="Obowiązek",
        centre_obligations="Wsparcie",
    )
    assert contract.participant is None
    assert list(plan_selectors.contract_list(user=cast.pracownik)) == [contract]
    assert list(plan_selectors.contract_list(user=cast.pracownik2)) == []
    with pytest.raises(PermissionDenied):
        plan_services.contract_evaluate(
            actor=cast.pracownik2, contract=contract, on=D(2024, 7, 1), status="ended", evaluation="x"
        )


def test_the_contract_pdf_has_its_parts_obligations_schedule_and_signature_lines(cast, participant):
    person = participant.person
    person.first_name, person.last_name = "Łucja", "Żółkiewska"
    person.save()
    contract = conclude(cast, participant, variant=enums.ContractVariant.A)
    with translation.override("en"):
        text = pdf_text(render_pdf(pdf_plans.contract_html(contract, today=D(2019, 2, 6))))
    assert "SOCIAL CONTRACT KS/2019/1" in text
    assert "Parts I A and II A" in text
    assert "Łucja Żółkiewska" in text
    for line in ("Podjęcie pracy", "Spłata raty czynszu", "Opłacenie kursu", "03-06.2019 kurs", "6 Feb 2019"):
        assert line in text
    assert "signature of the person" in text and "signature of the social worker" in text
    assert pdf_plans.contract_filename(contract) == "kontrakt-socjalny-zolkiewska-ks20191.pdf"
