"""The interview's life through the services: pre-filled from the registry, saved with revisions, merged or
refused on a conflict, checked for its mandatory segments, completing its task on the day it was saved,
and writing back the accepted differences through the people services."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from szansa.domain.interviews import services
from szansa.domain.interviews.enums import InterviewKind, InterviewStatus
from szansa.domain.people.enums import LabourMarketStatus, SituationKind
from szansa.domain.people.models import Person
from szansa.domain.work import services as work_services
from szansa.domain.work.enums import CaseStatus, TaskStatus
from szansa.lib.errors import ServiceError
from tests.factories.interviews import QuestionnaireFactory, answers_for_completion, interview_task

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 2, 10)


def test_a_started_interview_is_prefilled_from_the_registry(cast, family, draft):
    answers = draft.answers
    assert answers["I.A.1"] == family.full_name
    assert answers["I.A.6"] == 2  # the head and the child
    assert "Zosia" in answers["I.A.7"]
    # January's incomes of the household: 1000.00 + 500.00 = 1500.00 (not December's 9999.00)
    assert answers["I.G.1"] == "1500.00"
    assert answers["I.D.1"] == LabourMarketStatus.REGISTERED_UNEMPLOYED
    assert answers["I.C.2"] is False  # no homelessness
    assert answers["I.H.3"] == ["4"]  # unemployment
    assert answers["I.H.4"] == ["6"]  # illness: the health question
    assert answers["OSW.A.1"] == family.full_name  # the asset declaration's name, the same key
    assert "IV.A.3" not in answers  # the update part is not used by a full interview
    assert (draft.kind, draft.status, draft.revision) == (InterviewKind.FULL, InterviewStatus.DRAFT, 1)
    assert draft.household_id == family.household_id
    assert list(draft.revisions.values_list("number", flat=True)) == [1]
    assert draft.prefilled["income.last_month_total"] == "1500.00"


def test_each_save_keeps_a_revision(cast, draft):
    first = services.interview_save(
        draft, {**draft.answers, "I.H.1": "Pomoc w opłaceniu czynszu"}, 1, cast.pracownik
    )
    second = services.interview_save(
        first, {**first.answers, "I.H.2": "Wsparcie w szukaniu pracy"}, 2, cast.pracownik
    )
    assert second.revision == 3
    revisions = {r.number: r.answers for r in second.revisions.all()}
    assert set(revisions) == {1, 2, 3}
    assert "I.H.1" not in revisions[1]
    assert revisions[2]["I.H.1"] == "Pomoc w opłaceniu czynszu" and "I.H.2" not in revisions[2]
    assert revisions[3]["I.H.2"] == "Wsparcie w szukaniu pracy"
    assert all(r.saved_by == cast.pracownik for r in second.revisions.all())


def test_a_conflict_names_base_server_and_yours_and_saves_nothing(cast, draft):
    base = dict(draft.answers)
    # meanwhile the manager changes I.H.1 and I.I.1 (revision 2)
    services.interview_save(
        draft, {**base, "I.H.1": "Zasiłek celowy", "I.I.1": "Diagnoza kierownika"}, 1, cast.kierownik
    )
    mine = {**base, "I.H.1": "Zasiłek okresowy", "I.J.1": "Plan pracownika"}
    with pytest.raises(services.InterviewConflict) as conflict:
        services.interview_save(draft, mine, 1, cast.pracownik)
    assert conflict.value.conflicts == [
        {
            "question": "I.H.1",
            "label": "Potrzeby zgłoszone przez osobę lub rodzinę",
            "base": None,
            "server": "Zasiłek celowy",
            "yours": "Zasiłek okresowy",
        }
    ]
    assert conflict.value.revision == 2
    assert conflict.value.answers["I.I.1"] == "Diagnoza kierownika"
    draft.refresh_from_db()
    assert (draft.revision, draft.answers.get("I.J.1")) == (2, None)


def test_changes_to_other_questions_are_merged(cast, draft):
    base = dict(draft.answers)
    services.interview_save(draft, {**base, "I.I.1": "Diagnoza kierownika"}, 1, cast.kierownik)
    # the worker, still on revision 1, answers I.J.1, gives I.I.1 the manager's own value and clears the phone
    mine = {**base, "I.J.1": "Plan pracownika", "I.I.1": "Diagnoza kierownika"}
    mine.pop("OSW.A.2", None)
    saved = services.interview_save(draft, mine, 1, cast.pracownik)
    assert saved.revision == 3
    assert saved.answers["I.I.1"] == "Diagnoza kierownika"  # the server's change stays
    assert saved.answers["I.J.1"] == "Plan pracownika"  # the worker's change is applied
    assert "OSW.A.2" not in saved.answers  # and so is the worker's removal
    assert saved.answers["I.A.1"] == base["I.A.1"]


def test_answers_are_checked_by_type_in_polish_and_nothing_is_saved(cast, draft):
    with pytest.raises(ServiceError) as refused:
        services.interview_save(
            draft,
            {**draft.answers, "I.A.6": "dwoje", "I.J.3": "31.02.2026", "I.A.8": "telefon", "X.9": "?"},
            1,
            cast.pracownik,
        )
    assert refused.value.message_dict == {
        "I.A.6": ["Wpisz liczbę."],
        "I.J.3": ["Wpisz datę w postaci dd.mm.rrrr."],
        "I.A.8": ["Wybierz jedną z podanych odpowiedzi."],
        "X.9": ["Kwestionariusz nie ma pytania X.9."],
    }
    draft.refresh_from_db()
    assert draft.revision == 1
    saved = services.interview_save(
        draft,
        {**draft.answers, "I.G.4": "1 200,50 zł", "I.J.3": "12.03.2026", "I.A.6": "3"},
        1,
        cast.pracownik,
    )
    assert (saved.answers["I.G.4"], saved.answers["I.J.3"], saved.answers["I.A.6"]) == (
        "1200.50",
        "2026-03-12",
        3,
    )


def test_a_stale_or_future_base_revision_is_refused(cast, draft):
    with pytest.raises(ServiceError) as refused:
        services.interview_save(draft, draft.answers, 5, cast.pracownik)
    assert refused.value.message_dict == {
        "base_revision": ["Podaj wersję, na której oparto odpowiedzi (od 1 do 1)."]
    }


def test_completion_needs_the_required_questions_of_segments_a_h_i_j(cast, draft):
    with pytest.raises(ServiceError) as refused:
        services.interview_complete(draft, cast.pracownik)
    messages = refused.value.messages
    assert messages[0] == "Najpierw odpowiedz na wymagane pytania segmentów obowiązkowych."
    # A is pre-filled except how the interview came about; H, I and J are empty
    assert messages[1:] == [
        "Część I, segment A (Dane osoby lub rodziny): I.A.8 Wywiad przeprowadzono",
        "Część I, segment H (Potrzeby i oczekiwania zgłoszone w trakcie wywiadu): "
        "I.H.1 Potrzeby zgłoszone przez osobę lub rodzinę",
        "Część I, segment I (Diagnoza sytuacji osoby lub rodziny, w tym wnioski pracownika socjalnego): "
        "I.I.1 Diagnoza sytuacji osoby lub rodziny; I.I.2 Wnioski pracownika socjalnego",
        "Część I, segment J (Plan pomocy na rzecz osoby lub rodziny): "
        "I.J.1 Planowane formy pomocy i działania",
    ]
    saved = services.interview_save(draft, answers_for_completion(draft), 1, cast.pracownik)
    assert services.interview_complete(saved, cast.pracownik).status == InterviewStatus.COMPLETED


def test_a_required_question_of_an_optional_segment_is_not_demanded(cast):
    small = QuestionnaireFactory()  # in force in 2000; its segment E is optional with a required question
    interview = services.interview_start(cast.person_a, cast.pracownik, datetime.date(2000, 6, 1))
    assert interview.questionnaire == small
    assert interview.answers == {"I.A.1": cast.person_a.full_name}
    assert services.interview_complete(interview, cast.pracownik).status == InterviewStatus.COMPLETED


def test_an_update_uses_the_update_part(cast):
    QuestionnaireFactory()
    interview = services.interview_start(
        cast.person_a, cast.pracownik, datetime.date(2000, 6, 1), InterviewKind.UPDATE
    )
    assert [m[1]["code"] for m in services.missing_answers(interview)] == ["A"]
    assert services.missing_answers(interview)[0][0]["code"] == "IV"


def _backdate_last_save(interview, day):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(11, 0)))
    interview.revisions.filter(number=interview.revision).update(saved_at=moment)


def test_completing_closes_the_task_on_the_day_of_the_last_save(cast, family):
    task = interview_task(cast.kierownik, family, start_on=datetime.date(2026, 2, 2))
    assert task.assignee == cast.pracownik  # social work goes to the person's worker
    interview = services.interview_start(task, cast.pracownik, DAY)
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS
    saved = services.interview_save(interview, answers_for_completion(interview), 1, cast.pracownik)
    _backdate_last_save(saved, datetime.date(2026, 2, 11))  # saved on 11 Feb, completed later
    services.interview_complete(saved, cast.pracownik)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert timezone.localdate(task.completed_at) == datetime.date(2026, 2, 11)
    assert task.completed_at.date() <= task.due_on


def test_completing_the_interview_of_a_case_moves_the_case_on(cast, family):
    case = work_services.case_open(
        actor=cast.kierownik, person=family, benefit="zasiłek okresowy", opened_on=datetime.date(2026, 2, 2)
    )
    task = case.tasks.get(kind__code="community_interview")
    interview = services.interview_start(task, cast.pracownik, DAY)
    assert interview.case == case
    saved = services.interview_save(interview, answers_for_completion(interview), 1, cast.pracownik)
    _backdate_last_save(saved, datetime.date(2026, 2, 12))
    services.interview_complete(saved, cast.pracownik)
    case.refresh_from_db()
    assert (case.status, case.interview_on) == (CaseStatus.INTERVIEW, datetime.date(2026, 2, 12))
    assert case.tasks.filter(kind__code="propose_support", status=TaskStatus.OPEN).exists()


def test_a_task_has_one_interview(cast, family):
    task = interview_task(cast.kierownik, family)
    first = services.interview_start(task, cast.pracownik, DAY)
    with pytest.raises(ServiceError) as refused:
        services.interview_start(task, cast.pracownik, DAY)
    assert refused.value.message_dict == {
        "task": [f"Wywiad do tego zadania został już rozpoczęty (nr {first.pk})."]
    }


def _complete(interview, user, **answers):
    saved = services.interview_save(
        interview, {**answers_for_completion(interview), **answers}, interview.revision, user
    )
    return services.interview_complete(saved, user)


def test_writeback_shows_the_differences_and_writes_the_accepted_ones(cast, family, draft):
    done = _complete(
        draft,
        cast.pracownik,
        **{"I.A.5": "600 100 200", "I.D.1": LabourMarketStatus.EMPLOYED, "I.G.1": "1800.00"},
    )
    changes = {c["field"]: c for c in services.writeback_changes(done)}
    assert set(changes) == {"person.phone", "situation.labour_status", "income.last_month_total"}
    assert changes["person.phone"] | {} == {
        "field": "person.phone",
        "question": "I.A.5",
        "label": "Numer telefonu",
        "registry": "",
        "interview": "600 100 200",
        "writable": True,
    }
    assert (
        changes["situation.labour_status"]["registry"],
        changes["situation.labour_status"]["interview"],
    ) == (
        LabourMarketStatus.REGISTERED_UNEMPLOYED,
        LabourMarketStatus.EMPLOYED,
    )
    # an income is changed in the person's file (by month and source), not from the interview
    assert changes["income.last_month_total"]["writable"] is False
    with pytest.raises(ServiceError) as refused:
        services.interview_confirm(done, cast.pracownik, ["income.last_month_total"])
    assert "fields" in refused.value.message_dict

    confirmed = services.interview_confirm(done, cast.pracownik, ["person.phone", "situation.labour_status"])
    assert confirmed.status == InterviewStatus.CONFIRMED and confirmed.written_back_at is not None
    person = Person.objects.get(pk=family.pk)
    assert person.phone == "600 100 200"
    labour = person.situations.filter(kind=SituationKind.LABOUR_MARKET).order_by("valid_from")
    # the old status ends the day before the interview (9 Feb), the new one starts on its day (10 Feb)
    assert [(s.labour_status, s.valid_from, s.valid_to) for s in labour] == [
        (LabourMarketStatus.REGISTERED_UNEMPLOYED, datetime.date(2025, 6, 1), datetime.date(2026, 2, 9)),
        (LabourMarketStatus.EMPLOYED, datetime.date(2026, 2, 10), None),
    ]
    # written through the people services: the change is in the person's history with its author
    entry = LogEntry.objects.get_for_object(person).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == cast.pracownik and "phone" in entry.changes_dict
    # what was written back is no longer a difference
    assert [c["field"] for c in services.writeback_changes(confirmed)] == ["income.last_month_total"]


def test_confirm_needs_a_completed_interview_and_a_confirmed_one_is_closed(cast, draft):
    with pytest.raises(ServiceError) as refused:
        services.interview_confirm(draft, cast.pracownik, [])
    assert refused.value.messages == ["Zakończ wywiad, zanim go zatwierdzisz."]
    confirmed = services.interview_confirm(_complete(draft, cast.pracownik), cast.pracownik, [])
    assert confirmed.written_back_at is None
    with pytest.raises(PermissionDenied):
        services.interview_save(confirmed, confirmed.answers, confirmed.revision, cast.pracownik)


def test_only_the_team_conducts_and_the_clerk_changes_nothing(cast, family, draft):
    with pytest.raises(PermissionDenied):
        services.interview_start(family, cast.pracownik2, DAY)  # team B
    with pytest.raises(PermissionDenied):
        services.interview_start(family, cast.referent, DAY)
    for user in (cast.pracownik2, cast.referent, cast.specjalista, cast.audytor, cast.koordynator):
        with pytest.raises(PermissionDenied):
            services.interview_save(draft, draft.answers, 1, user)
    # the centre manager conducts interviews of anyone
    assert services.interview_start(cast.person_b, cast.kierownik, DAY).worker == cast.kierownik
