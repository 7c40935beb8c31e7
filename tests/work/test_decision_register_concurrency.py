"""Ten decisions of the same year issued at the same moment get the register numbers 1..10, with no gap and
no duplicate: the year's register row is locked while a number is taken (docs/social-work.md#decision)."""

import datetime
import threading

import pytest
from django.db import connection, connections

from szansa.domain.work import services
from szansa.domain.work.models import Decision, DecisionRegister
from tests.factories import PersonFactory

D = datetime.date


def _approved_case(cast, person):
    """A case taken through its steps up to the manager's approval of the drafted decision."""
    case = services.case_open(
        actor=cast.referent, person=person, benefit="zasiłek celowy", opened_on=D(2025, 4, 14)
    )
    services.case_record_interview(actor=cast.pracownik, case=case, on=D(2025, 4, 22))
    services.case_propose_support(actor=cast.pracownik, case=case, proposal="Zakup opału.", on=D(2025, 4, 23))
    services.case_draft_decision(actor=cast.referent, case=case, outcome="grant", on=D(2025, 4, 24))
    services.case_approve_decision(actor=cast.kierownik, case=case, on=D(2025, 4, 25))
    return case


@pytest.mark.django_db(transaction=True)
def test_ten_decisions_issued_at_once_are_numbered_1_to_10(cast):
    assert connection.vendor == "postgresql"
    cases = [_approved_case(cast, PersonFactory(responsible_worker=cast.pracownik)) for _ in range(10)]
    # The register of 2025 does not exist yet: the threads also race to create its row.
    assert not DecisionRegister.objects.filter(year=2025).exists()
    barrier = threading.Barrier(len(cases))
    errors = []

    def issue(case):
        try:
            barrier.wait()
            services.case_issue_decision(actor=cast.referent, case=case, on=D(2025, 4, 30))
        except Exception as error:  # noqa: BLE001 - any failure of a thread fails the test below
            errors.append(repr(error))
        finally:
            connections.close_all()  # each thread has its own connection; close it

    threads = [threading.Thread(target=issue, args=(case,)) for case in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    decisions = Decision.objects.filter(case__in=cases)
    assert sorted(decisions.values_list("sequence", flat=True)) == list(range(1, 11))
    assert all(year == 2025 for year in decisions.values_list("year", flat=True))
    assert len(set(decisions.values_list("number", flat=True))) == 10
    assert DecisionRegister.objects.get(year=2025).last_number == 10
