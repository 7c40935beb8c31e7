"""The life of a funding application: allowed moves only, each dated in the history."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from szansa.domain.accounts.enums import Role
from szansa.domain.projects import services
from szansa.domain.projects.enums import APPLICATION_TRANSITIONS, ApplicationStatus
from szansa.domain.projects.models import Call, FundingApplication, ManagingBody, Measure
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2018, 1, 10)


@pytest.fixture
def application(admin):
    call = services.call_save(
        actor=admin,
        call=Call(
            number="NAB-1",
            body=ManagingBody.objects.get(name="Małopolskie Centrum Przedsiębiorczości"),
            measure=Measure.objects.get(code="9.1.1"),
            announced_on=datetime.date(2017, 11, 15),
            applications_count=56,
        ),
    )
    return services.application_save(
        actor=admin,
        application=FundingApplication(
            call=call,
            title="Wniosek",
            applicant="OPS",
            requested_amount=Decimal("1031544.93"),
            rank_position=15,
            rank_of=56,
        ),
    )


def move(actor, application, *statuses):
    for offset, status in enumerate(statuses):
        application = services.application_transition(
            actor=actor, application=application, to=status, on=DAY + datetime.timedelta(days=offset)
        )
    return application


def test_the_full_path_to_a_signed_contract_is_recorded_with_dates(admin, application):
    application = move(admin, application, "submitted", "evaluated", "selected", "contract_signed")
    assert application.status == ApplicationStatus.CONTRACT_SIGNED
    assert application.submitted_on == DAY
    history = [(h.from_status, h.to_status, h.on) for h in application.history.all()]
    assert history == [
        ("draft", "submitted", DAY),
        ("submitted", "evaluated", DAY + datetime.timedelta(days=1)),
        ("evaluated", "selected", DAY + datetime.timedelta(days=2)),
        ("selected", "contract_signed", DAY + datetime.timedelta(days=3)),
    ]


@pytest.mark.parametrize("start", ["draft", "submitted", "evaluated", "selected"])
def test_an_application_can_be_withdrawn_before_the_contract(admin, application, start):
    path = {"draft": [], "submitted": ["submitted"], "evaluated": ["submitted", "evaluated"]}
    path["selected"] = ["submitted", "evaluated", "selected"]
    application = move(admin, application, *path[start], "withdrawn")
    assert application.status == "withdrawn"


@pytest.mark.parametrize(
    ("path", "illegal"),
    [
        ([], "evaluated"),
        ([], "contract_signed"),
        (["submitted"], "selected"),
        (["submitted", "evaluated", "not_selected"], "contract_signed"),
        (["submitted", "evaluated", "not_selected"], "withdrawn"),
        (["submitted", "evaluated", "selected", "contract_signed"], "withdrawn"),
    ],
)
def test_illegal_transitions_are_refused_with_a_message_and_leave_no_history(
    admin, application, path, illegal
):
    application = move(admin, application, *path)
    with pytest.raises(ValidationError) as caught:
        services.application_transition(actor=admin, application=application, to=illegal, on=DAY)
    assert caught.value.error_list[0].code == "illegal_transition"
    assert application.history.count() == len(path)


def test_no_status_is_both_final_and_reachable_from_nowhere():
    reachable = set().union(*APPLICATION_TRANSITIONS.values())
    assert reachable == set(ApplicationStatus.values) - {ApplicationStatus.DRAFT}


def test_a_change_cannot_be_dated_before_the_previous_one(admin, application):
    application = move(admin, application, "submitted")
    with pytest.raises(ValidationError) as caught:
        services.application_transition(
            actor=admin, application=application, to="evaluated", on=DAY - datetime.timedelta(days=1)
        )
    assert caught.value.error_list[0].code == "transition_before_previous"


def test_a_social_worker_cannot_move_an_application(application):
    worker = UserFactory(username="sw", role=Role.SOCIAL_WORKER)
    with pytest.raises(PermissionDenied):
        services.application_transition(actor=worker, application=application, to="submitted", on=DAY)


def test_the_ranking_position_cannot_exceed_the_list(application):
    application.rank_position = 57
    with pytest.raises(ValidationError) as caught:
        application.full_clean()
    assert caught.value.error_dict["__all__"][0].code == "application_rank_within_list"
