"""Who sees which task: own tasks, the queues of one's roles (the team's for social workers), all for
managers and the auditor; never a task about a person outside one's scope."""

import pytest

from szansa.domain.work import selectors, services
from szansa.domain.work.access import scope_cases, scope_tasks
from szansa.domain.work.models import Case, Task, TaskKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(cast):
    make = services.task_create
    return {
        "visit_a": make(actor=cast.kierownik, kind="care_visit", person=cast.person_a),
        "visit_b": make(actor=cast.kierownik, kind="care_visit", person=cast.person_b),
        "payment_a": make(actor=cast.kierownik, kind="payment_order", person=cast.person_a),
        "office": make(actor=cast.kierownik, kind="office_administration"),
    }


# role -> the tasks it sees
MATRIX = {
    "admin": {"visit_a", "visit_b", "payment_a", "office"},
    "kierownik": {"visit_a", "visit_b", "payment_a", "office"},
    "audytor": {"visit_a", "visit_b", "payment_a", "office"},
    "referent": {"payment_a", "office"},
    "pracownik": {"visit_a"},
    "pracownik2": {"visit_b"},
    "koordynator": set(),
    "specjalista": set(),
}


@pytest.mark.parametrize("role", MATRIX)
def test_each_role_sees_exactly_its_tasks_and_the_rule_agrees(cast, tasks, role):
    user = getattr(cast, role)
    visible = {name for name, task in tasks.items() if task in set(scope_tasks(Task.objects.all(), user))}
    assert visible == MATRIX[role]
    for name, task in tasks.items():
        assert user.has_perm("work.view_task", task) is (name in MATRIX[role])


def test_a_social_worker_never_sees_a_task_about_someone_outside_their_team_even_if_assigned(cast, tasks):
    # Forced past the service, which refuses such an assignment.
    Task.objects.filter(pk=tasks["visit_b"].pk).update(assignee=cast.pracownik)
    assert tasks["visit_b"] not in set(scope_tasks(Task.objects.all(), cast.pracownik))


def test_a_social_workers_queue_is_their_teams(cast):
    TaskKind.objects.filter(code="social_contract_review").update(required_fields=[])
    task = services.task_create(actor=cast.kierownik, kind="social_contract_review", team=cast.team_b)
    assert task in set(selectors.queue(cast.pracownik2))
    assert task not in set(selectors.queue(cast.pracownik))
    assert cast.pracownik2.has_perm("work.change_task", task)
    assert not cast.pracownik.has_perm("work.change_task", task)


def test_the_auditor_reads_all_and_changes_nothing(cast, tasks):
    auditor = cast.audytor
    for task in tasks.values():
        assert auditor.has_perm("work.view_task", task)
        assert not auditor.has_perm("work.change_task", task)
        assert not auditor.has_perm("work.reassign_task", task)
    assert not auditor.has_perm("work.add_task")
    assert not auditor.has_perm("work.add_case")
    assert auditor.has_perm("work.view_workload")


def test_a_clerk_works_on_administrative_tasks_but_not_on_a_social_workers(cast, tasks):
    assert cast.referent.has_perm("work.change_task", tasks["payment_a"])
    assert not cast.referent.has_perm("work.change_task", tasks["visit_a"])
    assert not cast.pracownik.has_perm("work.change_task", tasks["payment_a"])


def test_cases_are_visible_to_whoever_holds_one_of_their_tasks_within_scope(cast):
    case = services.case_open(actor=cast.referent, person=cast.person_a, benefit="zasiłek stały")
    assert case in set(scope_cases(Case.objects.all(), cast.pracownik))
    assert case not in set(scope_cases(Case.objects.all(), cast.pracownik2))
    assert cast.pracownik.has_perm("work.view_case", case)
    assert cast.referent.has_perm("work.view_case", case)
    assert cast.audytor.has_perm("work.view_case", case)
    assert not cast.pracownik2.has_perm("work.view_case", case)
    assert not cast.specjalista.has_perm("work.view_case", case)


def test_only_those_who_oversee_work_see_the_workload(cast):
    for role, allowed in {
        "admin": True,
        "kierownik": True,
        "audytor": True,
        "koordynator": True,
        "referent": False,
        "pracownik": False,
    }.items():
        assert getattr(cast, role).has_perm("work.view_workload") is allowed
